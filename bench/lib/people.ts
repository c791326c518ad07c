import type { Random } from './random.js';

export interface Identity {
  readonly name: string;
  readonly email: string;
}

export interface Human extends Identity {
  /** Home offset from UTC in minutes; `dst` adds an hour from April to October. */
  readonly offset: number;
  readonly dst: boolean;
  /** How often this person commits, relative to the others. */
  readonly activity: number;
}

const human = (name: string, email: string, offset: number, dst: boolean, activity: number): Human => ({ name, email, offset, dst, activity });

// Claude Martin and Devin Patel are people whose names are also AI products: a detector that
// matches names alone will flag them, which is what the benchmark repository should expose.
export const HUMANS: readonly Human[] = [
  human('Claude Martin', 'claude.martin@example.com', 60, true, 8),
  human('Devin Patel', 'devin@example.org', -480, true, 7),
  human('Priya Raman', 'priya.raman@acme.dev', 330, false, 10),
  human('Marcus Webb', 'marcus.webb@acme.dev', -300, true, 9),
  human('Sofia Rossi', 'sofia.rossi@acme.dev', 60, true, 6),
  human('Kenji Watanabe', 'kenji@acme.dev', 540, false, 5),
  human('Amara Okafor', 'amara.okafor@acme.dev', 60, false, 6),
  human('Lukas Becker', 'lukas.becker@acme.dev', 60, true, 8),
  human('Hannah Cohen', 'hannah.cohen@acme.dev', 120, true, 4),
  human('Diego Fernández', 'diego.fernandez@acme.dev', -180, false, 6),
  human('Emily Carter', 'emily.carter@acme.dev', -300, true, 7),
  human('Olusegun Adeyemi', 'segun@acme.dev', 60, false, 3),
  human('Mei Lin', 'mei.lin@acme.dev', 480, false, 5),
  human('Tomasz Kowalski', 'tomasz.kowalski@acme.dev', 60, true, 4),
  human('Rachel Kim', 'rachel.kim@acme.dev', -420, true, 6),
  human('Ahmed Hassan', 'ahmed.hassan@acme.dev', 120, false, 3),
  human('Zoë Dubois', 'zoe.dubois@acme.dev', 60, true, 4),
  human('Jonas Lindqvist', 'jonas@lindqvist.se', 60, true, 2),
  // A GitHub noreply address, the same domain the Copilot and Devin bots use.
  human("Sam O'Brien", '41234567+samobrien@users.noreply.github.com', 0, true, 3),
  human('Nadia Petrova', 'nadia.petrova@acme.dev', 180, false, 3),
];

export const GITHUB: Identity = { name: 'GitHub', email: 'noreply@github.com' };
export const COPILOT: Identity = { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com' };
export const DEVIN_BOT: Identity = { name: 'devin-ai-integration[bot]', email: '158243242+devin-ai-integration[bot]@users.noreply.github.com' };
// A bot that is not an AI assistant: it must not be counted as one.
export const DEPENDABOT: Identity = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };

export function pickHuman(rng: Random): Human {
  return HUMANS[rng.weighted(HUMANS.map((person, index) => [index, person.activity] as const))]!;
}

/** A git offset such as `+0530`, mostly the person's home zone, sometimes a trip elsewhere. */
export function zoneOf(rng: Random, person: Human | undefined, epochSeconds: number): string {
  if (person === undefined) return '+0000';
  const month = new Date(epochSeconds * 1000).getUTCMonth();
  let offset = person.offset + (person.dst && month >= 3 && month <= 9 ? 60 : 0);
  if (rng.chance(0.05)) offset = rng.pick([-420, -240, 0, 60, 330, 540]);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
