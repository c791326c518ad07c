import type { ZonesConfig } from '../ownership/schema.js';
import type { Catalog } from '../provenance/catalog.js';
import { findTool } from '../provenance/catalog.js';
import type { Person, Rule, Team, TimeWindow } from './schema.js';

export interface ReferenceProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface GateConfig {
  readonly seniority: readonly string[];
  readonly people: Readonly<Record<string, Person>>;
  readonly teams: Readonly<Record<string, Team>>;
  readonly rules: readonly Rule[];
  readonly breakGlass: { readonly labels: readonly string[]; readonly by?: readonly string[] | undefined };
  readonly zones: ZonesConfig;
}

export const bare = (principal: string): string => principal.replace(/^@/, '');

/**
 * Checks what a schema cannot see: names that must exist elsewhere in the file, team cycles,
 * date ranges that end before they start. A typo here would otherwise weaken the policy silently.
 */
export function checkReferences(config: GateConfig, catalog: Catalog): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const levels = new Set(config.seniority);
  const levelList = config.seniority.join(', ');
  const known = (principal: string): boolean => bare(principal) in config.people || bare(principal) in config.teams;
  const unknownPrincipal = (principal: string) => `unknown person or team "${principal}": declare it under "people" or "teams"`;

  for (const [login, person] of Object.entries(config.people)) {
    if (person.level !== undefined && !levels.has(person.level)) problems.push({ path: ['people', login, 'level'], message: `unknown level "${person.level}": expected one of ${levelList}` });
  }
  for (const [team, { members }] of Object.entries(config.teams)) {
    if (team in config.people) problems.push({ path: ['teams', team], message: `team "${team}" has the name of a person; rename one of them` });
    members.forEach((member, index) => {
      if (!known(member)) problems.push({ path: ['teams', team, 'members', index], message: unknownPrincipal(member) });
    });
  }
  problems.push(...teamCycles(config.teams));

  config.rules.forEach((rule, index) => {
    const at = (...rest: (string | number)[]) => ['rules', index, ...rest];
    rule.require?.from?.forEach((principal, j) => {
      if (!known(principal)) problems.push({ path: at('require', 'from', j), message: unknownPrincipal(principal) });
    });
    if (rule.require?.seniority !== undefined && !levels.has(rule.require.seniority)) {
      problems.push({ path: at('require', 'seniority'), message: `unknown level "${rule.require.seniority}": expected one of ${levelList}` });
    }
    const when = rule.when;
    when.authors?.forEach((principal, j) => {
      if (!known(principal)) problems.push({ path: at('when', 'authors', j), message: unknownPrincipal(principal) });
    });
    for (const key of ['zones', 'reaches'] as const) {
      when[key]?.forEach((zone, j) => {
        if (!(zone in config.zones)) problems.push({ path: at('when', key, j), message: `unknown zone "${zone}": declare it under "zones"` });
      });
    }
    if (typeof when.ai === 'object') {
      when.ai.tools?.forEach((tool, j) => {
        if (!findTool(catalog, tool)) problems.push({ path: at('when', 'ai', 'tools', j), message: `unknown AI tool "${tool}": use a catalog id such as "claude-code", or declare it under provenance.tools` });
      });
    }
    if (when.time) problems.push(...dateProblems(when.time, at('when', 'time')));
  });
  config.breakGlass.by?.forEach((principal, j) => {
    if (!known(principal)) problems.push({ path: ['breakGlass', 'by', j], message: unknownPrincipal(principal) });
  });
  return problems;
}

function dateProblems(window: TimeWindow, path: (string | number)[]): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  window.dates.forEach((range, index) => {
    for (const end of ['from', 'to'] as const) {
      if (!isCalendarDate(range[end])) problems.push({ path: [...path, 'dates', index, end], message: `"${range[end]}" is not a date in the calendar` });
    }
    if (range.from.slice(0, 10) > range.to.slice(0, 10) || (range.from.length > 10 && range.to.length > 10 && range.from > range.to)) {
      problems.push({ path: [...path, 'dates', index], message: `the range ends (${range.to}) before it starts (${range.from})` });
    }
  });
  window.weekly.forEach((slot, index) => {
    if (slot.from >= slot.to) problems.push({ path: [...path, 'weekly', index], message: `the window ends (${slot.to}) before or when it starts (${slot.from})` });
  });
  return problems;
}

function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Every cycle among teams, reported once at the member entry that closes it. */
function teamCycles(teams: Readonly<Record<string, Team>>): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (team: string, trail: string[]): void => {
    state.set(team, 'visiting');
    teams[team]!.members.forEach((member, index) => {
      const next = bare(member);
      if (!(next in teams)) return;
      if (state.get(next) === 'visiting') {
        const cycle = next === team ? [team, team] : [...trail.slice(trail.indexOf(next)), team, next];
        problems.push({ path: ['teams', team, 'members', index], message: `team cycle: ${cycle.join(' -> ')}` });
      } else if (!state.has(next)) visit(next, [...trail, team]);
    });
    state.set(team, 'done');
  };
  for (const team of Object.keys(teams)) if (!state.has(team)) visit(team, []);
  return problems;
}
