import type { Catalog } from '../provenance/catalog.js';
import { bare, type GateConfig } from './references.js';

/**
 * Who is who in a policy: logins, emails, teams (nested), levels. Built once per check; every
 * question about a sign-off or an author goes through it.
 */
export interface Directory {
  /** Logins of the people in a principal (a person, or a team expanded through nested teams). */
  membersOf(principal: string): ReadonlySet<string>;
  /** The login of a person who commits with this email (or a GitHub noreply email), if known. */
  loginOf(identity: { readonly name?: string; readonly email?: string }): string | undefined;
  /** The level's rank (0 = lowest), or undefined when the person has no level. */
  rankOf(login: string): number | undefined;
  rank(level: string): number;
  levelOf(login: string): string | undefined;
  /** A bot or an AI tool's account: never a valid sign-off. */
  isBot(login: string): boolean;
  isKnown(login: string): boolean;
  /** Every person's login. */
  logins(): string[];
}

/** GitHub's private commit emails carry the login: `12345+octocat@users.noreply.github.com`. */
const NOREPLY = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/i;

export function createDirectory(config: GateConfig, catalog: Catalog): Directory {
  const byEmail = new Map<string, string>();
  const lowerLogins = new Map<string, string>();
  for (const [login, person] of Object.entries(config.people)) {
    lowerLogins.set(login.toLowerCase(), login);
    for (const email of person.emails) byEmail.set(email.toLowerCase(), login);
  }
  const expanded = new Map<string, Set<string>>();
  const expand = (principal: string, seen: Set<string>): Set<string> => {
    const key = bare(principal);
    const cached = expanded.get(key);
    if (cached) return cached;
    const team = config.teams[key];
    if (!team) return new Set([lowerLogins.get(key.toLowerCase()) ?? key]);
    // Cycles are config errors caught at load; `seen` only keeps a hand-built config from looping.
    if (seen.has(key)) return new Set();
    seen.add(key);
    const members = new Set<string>();
    for (const member of team.members) for (const login of expand(member, seen)) members.add(login);
    expanded.set(key, members);
    return members;
  };
  const ranks = new Map(config.seniority.map((level, index) => [level, index]));
  const person = (login: string) => config.people[lowerLogins.get(login.toLowerCase()) ?? login];
  return {
    membersOf: (principal) => expand(principal, new Set()),
    loginOf({ email }) {
      if (email !== undefined) {
        const known = byEmail.get(email.toLowerCase());
        if (known) return known;
        const noreply = NOREPLY.exec(email)?.[1];
        if (noreply !== undefined) return lowerLogins.get(noreply.toLowerCase()) ?? noreply;
      }
      // A display name is not an identity ("Dana" may be anyone): only emails count.
      return undefined;
    },
    rankOf(login) {
      const level = person(login)?.level;
      return level === undefined ? undefined : ranks.get(level);
    },
    rank: (level) => ranks.get(level) ?? Number.POSITIVE_INFINITY,
    levelOf: (login) => person(login)?.level,
    isBot: (login) => /\[bot\]$/i.test(login) || person(login)?.bot === true || catalog.botsByLogin.has(login.toLowerCase()) || catalog.botsByLogin.has(login),
    isKnown: (login) => person(login) !== undefined,
    logins: () => Object.keys(config.people),
  };
}
