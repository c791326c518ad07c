import { ownersOf, parseCodeowners, type CodeownersRule } from '../ownership/codeowners.js';
import type { Criticality } from '../ownership/schema.js';
import { renderPolicy, type DraftTeam, type DraftZone } from './init-render.js';

/**
 * `blastwall init`'s proposal: a starter blastwall.yml guessed from what a repository already
 * says about itself. Folder names give the zones, CODEOWNERS the teams and people; the rules are
 * one safe warning plus commented examples. Everything that cannot be guessed (team members,
 * seniority levels) is left commented for a person to complete, so the file parses as written.
 */

export interface InitInput {
  /** Repository-relative paths of the work tree's files. */
  readonly files: readonly string[];
  readonly codeowners?: { readonly path: string; readonly text: string };
}

export interface ProposedZone {
  readonly name: string;
  readonly criticality: Criticality;
  readonly paths: readonly string[];
}

export interface InitProposal {
  /** The text of blastwall.yml. */
  readonly text: string;
  /** The zones written, the most critical first. */
  readonly zones: readonly ProposedZone[];
  /** Team names from CODEOWNERS' `@org/team` owners, left commented for their members. */
  readonly teams: readonly string[];
  /** Individual owners from CODEOWNERS (GitHub logins without "@", and emails), left commented for their levels. */
  readonly people: readonly string[];
}

/** A longer proposal stops being read; the user adds what is missing. */
export const MAX_ZONES = 12;
export const MAX_GLOBS_PER_ZONE = 8;

/**
 * Folder names that mark critical code, in the order their zones are listed. Only whole folder
 * names count: `payment-icons/` or `auth-docs/` would make false zones that a reader must delete.
 */
const ZONE_FOLDERS: readonly (readonly [string, Criticality])[] = [
  ['payments', 'critical'],
  ['payment', 'critical'],
  ['billing', 'critical'],
  ['checkout', 'critical'],
  ['auth', 'critical'],
  ['authn', 'critical'],
  ['authz', 'critical'],
  ['security', 'critical'],
  ['secrets', 'critical'],
  ['migrations', 'high'],
  ['migration', 'high'],
  ['infra', 'high'],
  ['infrastructure', 'high'],
  ['terraform', 'high'],
  ['deploy', 'high'],
  ['k8s', 'high'],
  ['kubernetes', 'high'],
  ['helm', 'high'],
];
/** GitHub runs only the workflows at the root: they deploy and hold secrets, so they are a zone of their own. */
const CI_ZONE = 'ci';
const CI_FOLDER = ['.github', 'workflows'];
const ZONES: readonly (readonly [string, Criticality])[] = [...ZONE_FOLDERS, [CI_ZONE, 'high']];
const zoneOrder = new Map(ZONES.map(([name], index) => [name, index]));
const criticalityOf = new Map(ZONES);
const zoneFolders = new Set(ZONE_FOLDERS.map(([name]) => name));

/** Code that is not this repository's own, or that never runs: a folder named like a zone inside it is not one. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'bower_components', 'vendor', 'vendored', 'third_party', 'third-party', 'fixtures', '__fixtures__', 'testdata']);

/**
 * Characters that make a folder name a glob pattern. Escaping them with "\" is what picomatch
 * reads, but the zone matcher's literal-prefix shortcut does not, so such a folder is written
 * as "*" instead: a slightly wider glob that still matches.
 */
const GLOB_SPECIAL = /[*?[\]{}()!\\]/;

export function proposePolicy(input: InitInput): InitProposal {
  const { zones, leftOut } = proposeZones(input.files);
  // Lines that CODEOWNERS cannot read are skipped here as GitHub skips them; `radius` reports them.
  const codeowners = input.codeowners === undefined ? [] : parseCodeowners(input.codeowners.text, input.codeowners.path).rules;
  const owners = ownersIn(codeowners);
  const signoffTeam = teamOwning(codeowners, zones.find((zone) => zone.criticality === 'critical')?.sample);
  const text = renderPolicy({ zones, leftOut, ...owners, ...(signoffTeam && { signoffTeam }), ...(input.codeowners && { codeownersPath: input.codeowners.path }) });
  return {
    text,
    zones: zones.map(({ name, criticality, paths }) => ({ name, criticality, paths })),
    teams: owners.teams.map((team) => team.name),
    people: [...owners.logins, ...owners.emails],
  };
}

interface Folder {
  readonly segments: readonly string[];
  /** The first file seen in it. */
  readonly sample: string;
}

export interface FoundZone extends DraftZone {
  /** A file of the zone's first folder: CODEOWNERS tells who owns the zone by it. */
  readonly sample: string;
}

/** Zones from folder names: the shallowest folders of each, the most critical zones first. */
export function proposeZones(files: readonly string[]): { zones: FoundZone[]; leftOut: string[] } {
  const found = new Map<string, Map<string, Folder>>(); // zone -> glob -> folder
  const add = (zone: string, folder: readonly string[], file: string): void => {
    const segments = folder.map((segment) => (GLOB_SPECIAL.test(segment) ? '*' : segment));
    let globs = found.get(zone);
    if (!globs) found.set(zone, (globs = new Map()));
    const glob = `${segments.join('/')}/**`;
    if (!globs.has(glob)) globs.set(glob, { segments, sample: file });
  };
  for (const file of files) {
    const folders = file.split('/').slice(0, -1);
    if (folders.some((folder) => SKIPPED_FOLDERS.has(folder.toLowerCase()))) continue;
    if (folders.length >= 2 && folders[0] === CI_FOLDER[0] && folders[1] === CI_FOLDER[1]) add(CI_ZONE, CI_FOLDER, file);
    folders.forEach((folder, index) => {
      const name = folder.toLowerCase();
      if (zoneFolders.has(name)) add(name, folders.slice(0, index + 1), file);
    });
  }

  const order = (zone: string): number => zoneOrder.get(zone)!;
  const all = [...found.keys()].sort((a, b) => order(a) - order(b));
  const zones = all.slice(0, MAX_ZONES).map((name): FoundZone => {
    const folders = outermost([...found.get(name)!.entries()]);
    const kept = folders.slice(0, MAX_GLOBS_PER_ZONE).map(([glob]) => glob);
    return { name, criticality: criticalityOf.get(name)!, paths: kept.sort(), more: folders.length - kept.length, sample: folders[0]![1].sample };
  });
  return { zones, leftOut: all.slice(MAX_ZONES) };
}

/**
 * The folders that no other folder of the zone contains (`src/auth/**` already holds
 * `src/auth/legacy/auth/**`), the shallowest first, then by name.
 */
function outermost(folders: [string, Folder][]): [string, Folder][] {
  const sorted = folders.sort(([a, x], [b, y]) => x.segments.length - y.segments.length || (a < b ? -1 : a > b ? 1 : 0));
  const kept: [string, Folder][] = [];
  for (const entry of sorted) {
    const inside = kept.some(([, outer]) => outer.segments.every((segment, i) => segment === '*' || segment === entry[1].segments[i]));
    if (!inside) kept.push(entry);
  }
  return kept;
}

/** A team slug is already a valid team name once lower-cased (see OWNER_PATTERN). */
const teamName = (owner: string): string => owner.slice(owner.indexOf('/') + 1).toLowerCase();
const isTeam = (owner: string): boolean => owner.startsWith('@') && owner.includes('/');

/** Teams, logins and emails named as owners in CODEOWNERS, in the order they first appear; one slug, one team. */
export function ownersIn(rules: readonly CodeownersRule[]): { teams: DraftTeam[]; logins: string[]; emails: string[] } {
  const teams = new Map<string, DraftTeam>();
  const logins = new Set<string>();
  const emails = new Set<string>();
  for (const owner of rules.flatMap((rule) => rule.owners)) {
    if (isTeam(owner)) {
      if (!teams.has(teamName(owner))) teams.set(teamName(owner), { name: teamName(owner), owner });
    } else if (owner.startsWith('@')) logins.add(owner.slice(1));
    else emails.add(owner);
  }
  return { teams: [...teams.values()], logins: [...logins], emails: [...emails] };
}

/** The first team that CODEOWNERS makes owner of `path`: the one to ask for sign-offs there. */
function teamOwning(rules: readonly CodeownersRule[], path: string | undefined): string | undefined {
  const owner = path === undefined ? undefined : ownersOf(rules, path)?.owners.find(isTeam);
  return owner === undefined ? undefined : teamName(owner);
}
