import { folderOf } from '../shared/path.js';
import type { Problem } from './problem.js';
import { OWNER_PATTERN } from './schema.js';

/**
 * CODEOWNERS as GitHub reads it ("About code owners" in GitHub's documentation): gitignore-style
 * patterns, each followed by owners; the last matching line wins; a line with a pattern and no
 * owners leaves the matching files without owners. GitHub skips lines it cannot read and shows
 * them as errors; so do we, returning them as problems.
 */

/** Where GitHub looks for the file, in the order it looks: the first that exists is used. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export function findCodeownersPath(paths: ReadonlySet<string>): string | undefined {
  return CODEOWNERS_LOCATIONS.find((path) => paths.has(path));
}

export interface CodeownersRule {
  /** The pattern as written, with its backslash escapes. */
  readonly pattern: string;
  /** `@user`, `@org/team` or an email; empty when the line names no owners. */
  readonly owners: readonly string[];
  /** 1-based line in the file. */
  readonly line: number;
}

export interface Codeowners {
  readonly rules: readonly CodeownersRule[];
  readonly problems: readonly Problem[];
}

export function parseCodeowners(text: string, file = 'CODEOWNERS'): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const [pattern, ...owners] = tokenize(raw);
    if (pattern === undefined) return;
    const invalid = patternError(pattern) ?? ownersError(owners);
    if (invalid) problems.push({ file, line, message: `${invalid}; the line is ignored` });
    else rules.push({ pattern, owners, line });
  });
  return { rules, problems };
}

/**
 * The rule that decides the owners of `path` (repository-relative, no leading slash): the last
 * rule that matches. Undefined when no rule matches; a rule with no owners when the file says
 * that the path has none.
 */
export function ownersOf(rules: readonly CodeownersRule[], path: string): CodeownersRule | undefined {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    if (matcherOf(rule.pattern).test(path)) return rule;
  }
  return undefined;
}

/**
 * `ownersOf` for many paths, as a radius asks it for every file it reaches. Most patterns depend
 * on part of a path only: a folder pattern (`/apps/`, `docs/*`, `*`) on the file's folder, a
 * pattern without a slash (`*.py`, `Makefile`) on each segment, so on the folder and on the file
 * name apart. Folders are asked once each, file names and the other patterns per path. The last
 * matching rule wins, as in `ownersOf`.
 */
export interface OwnersLookup {
  /** The rule that decides the owners of `path` (its folder may be given, as `folderOf` cuts it). */
  (path: string, folder?: string): CodeownersRule | undefined;
  /** The rule of every file of `folder`, when no rule for single files comes after it; else undefined (ask each file). */
  wholeFolder(folder: string): { readonly rule: CodeownersRule | undefined } | undefined;
}

export function ownersLookup(rules: readonly CodeownersRule[]): OwnersLookup {
  const folderRules: number[] = [];
  const nameRules: number[] = [];
  const pathRules: number[] = [];
  /** The last rule of each folder that a rule covers whole (`/apps/`, `src/**`), by that folder. */
  const subtreeRules = new Map<string, number>();
  rules.forEach((rule, i) => {
    const subtree = subtreeOf(rule.pattern);
    if (subtree !== undefined) subtreeRules.set(subtree, i);
    else (isFolderPattern(rule.pattern) ? folderRules : isNamePattern(rule.pattern) ? nameRules : pathRules).push(i);
  });
  const matchers = rules.map((rule) => matcherOf(rule.pattern));
  /** The last of `indices` above `above` whose pattern matches `text`, or -1. */
  const last = (indices: readonly number[], text: string, above = -1): number => {
    for (let k = indices.length - 1; k >= 0 && indices[k]! > above; k--) if (matchers[indices[k]!]!.test(text)) return indices[k]!;
    return -1;
  };
  /** A name pattern as a test of one segment (`*.py`, `Makefile`), which is what it matches in a path. */
  const segmentTests = rules.map((rule) => (isNamePattern(rule.pattern) ? new RegExp(`^${segmentSource(rule.pattern)}$`) : undefined));
  const lastByName = (segment: string, above = -1): number => {
    for (let k = nameRules.length - 1; k >= 0 && nameRules[k]! > above; k--) if (segmentTests[nameRules[k]!]!.test(segment)) return nameRules[k]!;
    return -1;
  };
  // A subtree rule and a name rule that match a folder match every folder below it: a folder's
  // answer is its parent's or its own (by its name and as a subtree), one Map read per folder.
  const inherited = new Map<string, number>([['', -1]]);
  const inheritedRule = (folder: string): number => {
    let found = inherited.get(folder);
    if (found === undefined) {
      const slash = folder.lastIndexOf('/');
      found = Math.max(inheritedRule(slash === -1 ? '' : folder.slice(0, slash)), subtreeRules.get(folder) ?? -1, lastByName(folder.slice(slash + 1)));
      inherited.set(folder, found);
    }
    return found;
  };
  const byFolder = new Map<string, number>();
  const lastNameRule = nameRules.length === 0 ? -1 : nameRules[nameRules.length - 1]!;
  const lastFileRule = Math.max(lastNameRule, pathRules.length === 0 ? -1 : pathRules[pathRules.length - 1]!);
  const folderRule = (folder: string): number => {
    let inFolder = byFolder.get(folder);
    if (inFolder === undefined) {
      // Any file of the folder stands for the folder for the other folder patterns (`docs/*`, `apps/`, `*`).
      inFolder = Math.max(inheritedRule(folder), last(folderRules, folder === '' ? '\u0000' : `${folder}/\u0000`));
      byFolder.set(folder, inFolder);
    }
    return inFolder;
  };
  const lookup = (path: string, folder = folderOf(path)): CodeownersRule | undefined => {
    const inFolder = folderRule(folder);
    // Most often no file-level rule comes after the folder's: the folder answers for the file.
    if (lastFileRule <= inFolder) return inFolder === -1 ? undefined : rules[inFolder];
    // File names are mostly unique: tested as they come, when a name rule comes after the folder's.
    const byItsName = lastNameRule <= inFolder ? -1 : lastByName(path.slice(path.lastIndexOf('/') + 1), inFolder);
    const best = Math.max(inFolder, byItsName);
    const found = Math.max(best, last(pathRules, path, best));
    return found === -1 ? undefined : rules[found];
  };
  return Object.assign(lookup, {
    wholeFolder(folder: string) {
      const inFolder = folderRule(folder);
      return lastFileRule <= inFolder ? { rule: inFolder === -1 ? undefined : rules[inFolder] } : undefined;
    },
  });
}

/**
 * The folder whose every file a pattern matches, and nothing else: an anchored folder pattern
 * (`/apps/`, `apps/web/`, `src/**`; not `apps/`, which matches at any depth, nor `docs/*`).
 */
function subtreeOf(pattern: string): string | undefined {
  const named = /^(\/?)([^*?[\]\\]+)\/(\*\*)?$/.exec(pattern);
  if (named === null) return undefined;
  const [, slash, folder, stars] = named as unknown as [string, string, string, string | undefined];
  return slash === '/' || folder.includes('/') || stars !== undefined ? folder.replace(/^\//, '') : undefined;
}

/** Names folders (`/apps/`, `docs/*`, `src/**`), or every path (`*`, `**`): the match depends on a file's folder alone. */
const isFolderPattern = (pattern: string): boolean => /^\/?[^*?[\]\\]+\/(\*|\*\*)?$/.test(pattern) || /^(\*|\*\*|\/\*\*)$/.test(pattern);
/** One segment, matched at any depth (`*.py`, `Makefile`): the match depends on each segment alone. */
const isNamePattern = (pattern: string): boolean => !/[/\\]/.test(pattern) && !pattern.includes('**');

/**
 * Splits a line into the pattern and owners at unescaped blanks, up to a `#` that starts a word
 * (a comment, whole-line or inline). A backslash keeps the next character in the word, so
 * `\#notes.md` is a pattern and `my\ file.txt` one word. GitHub's documentation lists the `\#`
 * escape among the gitignore rules it does not support; we read it as a literal `#` because
 * reading the line as a comment would silently drop a rule.
 */
function tokenize(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      word = (word ?? '') + ch + line[++i];
    } else if (ch === ' ' || ch === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === '#' && word === undefined) {
      break;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The gitignore features that CODEOWNERS lacks, per GitHub's "Syntax exceptions". */
function patternError(pattern: string): string | undefined {
  const unescaped = pattern.replace(/\\./g, '_');
  if (unescaped.startsWith('!')) return `"${pattern}": CODEOWNERS patterns cannot be negated with "!"`;
  if (/[[\]]/.test(unescaped)) return `"${pattern}": CODEOWNERS patterns do not support character ranges "[ ]"`;
  if (unescaped.includes('***')) return `"${pattern}": "***" is not a valid wildcard; use "*" or "**"`;
  if (unescaped === '/') return `"/" matches no file; use "*" for every file`;
  return undefined;
}

function ownersError(owners: readonly string[]): string | undefined {
  const bad = owners.find((owner) => !OWNER_PATTERN.test(owner));
  return bad === undefined ? undefined : `"${bad}" is not an owner: expected @user, @org/team or an email`;
}

const compiled = new Map<string, RegExp>();

function matcherOf(pattern: string): RegExp {
  let regExp = compiled.get(pattern);
  if (!regExp) compiled.set(pattern, (regExp = codeownersPatternToRegExp(pattern)));
  return regExp;
}

/**
 * Converts a CODEOWNERS pattern to a regular expression over repository-relative paths:
 * - a leading `/`, or a `/` inside the pattern, anchors it to the root; otherwise it matches at any depth;
 * - a trailing `/` matches only a directory, so only paths inside it;
 * - `*` and `?` match within one path segment, `**` across segments;
 * - a pattern that names a directory also covers everything inside it, except when its last
 *   segment is a lone `*` (`docs/*` is the files directly in `docs`, as GitHub's example says).
 */
export function codeownersPatternToRegExp(pattern: string): RegExp {
  let body = pattern;
  const anchored = body.startsWith('/');
  if (anchored) body = body.slice(1);
  const directory = body.endsWith('/') && !body.endsWith('\\/');
  if (directory) body = body.slice(0, -1);
  const segments = body.split('/');
  if (!anchored && segments.length === 1 && segments[0] !== '**') segments.unshift('**');

  let source = '';
  let needSlash = false;
  segments.forEach((segment, i) => {
    const first = i === 0;
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (first && last) source += '.+';
      else if (first) source += '(?:.+/)?';
      else if (last) source += '/.+';
      else source += '(?:/.+)?';
      needSlash = !first;
      return;
    }
    if (needSlash) source += '/';
    source += segment === '*' ? '[^/]+' : segmentSource(segment);
    needSlash = true;
    if (last) source += directory ? '/.+' : segment === '*' ? '' : '(?:/.+)?';
  });
  return new RegExp(`^${source}$`);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function segmentSource(segment: string): string {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '\\' && i + 1 < segment.length) source += escapeRegExp(segment[++i]!);
    else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += escapeRegExp(ch);
  }
  return source;
}
