import type { Commit, Person } from '../git/log.js';
import type { Trailer } from '../git/trailers.js';
import { findTool, toToolId, type Catalog } from './catalog.js';
import type { Evidence, EvidenceKind } from './evidence.js';

const NOREPLY_GITHUB = /^(?:(\d+)\+)?([^@]+)@users\.noreply\.github\.com$/i;
const CO_AUTHOR_KEY = 'co-authored-by';
const ASSISTED_KEYS = new Set(['assisted-by', 'generated-by']);
/** `Co-authored-by:` lines anywhere in the body: squash merges keep them from the squashed commits. */
const CO_AUTHOR_LINE = /^\s*(?:[*-]\s+)?co-authored-by:\s*(.+)$/i;
const GENERIC_FOOTER = /^\s*(?:[*-]\s+)?(?:🤖\s*)?Generated (?:with|by) \[([^\]]+)\]\((https?:\/\/[^)\s]+)\)\s*$/iu;
const MERGE_PR = /^Merge pull request #\d+ from [^/\s]+\/(\S+)/;
const MERGE_BRANCH = /^Merge (?:remote-tracking )?branch '([^']+)'/;

interface Identity {
  readonly name: string;
  readonly email: string;
}

export function parseIdentity(text: string): Identity {
  const match = /^(.*?)\s*<([^>]*)>\s*$/.exec(text.trim());
  return match ? { name: match[1]!.trim(), email: match[2]!.trim() } : { name: text.trim(), email: '' };
}

const formatIdentity = (identity: Identity): string =>
  identity.email ? `${identity.name} <${identity.email}>` : identity.name;

/** Markers of one identity (author, committer or co-author). */
function identityEvidence(catalog: Catalog, identity: Identity, kind: EvidenceKind, text: string): Evidence[] {
  const found: Evidence[] = [];
  const email = identity.email.toLowerCase();
  const name = identity.name.toLowerCase();
  for (const marker of catalog.identityByEmail.get(email) ?? []) {
    if (marker.name === undefined || marker.name.toLowerCase() === name) {
      found.push({ tool: marker.tool, kind, text, confidence: marker.confidence });
    }
  }
  for (const marker of catalog.identityByName.get(name) ?? []) {
    found.push({ tool: marker.tool, kind, text, confidence: marker.confidence });
  }
  for (const { marker, name: namePattern, email: emailPattern } of catalog.identityPatterns) {
    if (namePattern && !namePattern.test(identity.name)) continue;
    if (emailPattern && !emailPattern.test(identity.email)) continue;
    found.push({ tool: marker.tool, kind, text, confidence: marker.confidence });
  }
  found.push(...botEvidence(catalog, identity, text));
  return found;
}

/**
 * A GitHub App commits as `login <id+login@users.noreply.github.com>`: the numeric id is certain
 * (high), the login alone can be typed by anyone (medium).
 */
function botEvidence(catalog: Catalog, identity: Identity, text: string): Evidence[] {
  const noreply = NOREPLY_GITHUB.exec(identity.email);
  if (noreply) {
    const marker = catalog.botsByLogin.get(noreply[2]!.toLowerCase());
    if (marker) {
      const idMatches = marker.id !== undefined && noreply[1] === String(marker.id);
      return [{ tool: marker.tool, kind: 'bot', text, confidence: idMatches ? 'high' : 'medium' }];
    }
  }
  const byName = catalog.botsByLogin.get(identity.name.toLowerCase());
  return byName ? [{ tool: byName.tool, kind: 'bot', text, confidence: 'medium' }] : [];
}

/** A co-author the catalog does not know, with a tool-like noreply address: reported, never dropped. */
function genericCoAuthor(catalog: Catalog, identity: Identity, text: string): Evidence[] {
  const domain = /^noreply@([^@]+)$/i.exec(identity.email)?.[1]?.toLowerCase();
  if (domain === undefined || domain === 'github.com' || identity.name === '') return [];
  const tool = findTool(catalog, identity.name);
  return [{ tool: tool?.id ?? toToolId(identity.name), kind: 'co-author', text, confidence: 'medium', generic: true }];
}

/** The tool named by `Assisted-by: Claude Code:claude-opus-4 [bash]` and similar. */
function assistedBy(catalog: Catalog, key: string, value: string): Evidence | undefined {
  const name = value.split(/[:<([]/)[0]!.trim();
  if (name === '') return undefined;
  const text = `${key}: ${value}`;
  const tool = findTool(catalog, name);
  return tool
    ? { tool: tool.id, kind: 'trailer', text, confidence: 'high' }
    : { tool: toToolId(name), kind: 'trailer', text, confidence: 'medium', generic: true };
}

/** The branch a merge commit merged, when its subject says so. */
export function mergedBranch(subject: string): string | undefined {
  return MERGE_PR.exec(subject)?.[1] ?? MERGE_BRANCH.exec(subject)?.[1];
}

export const subjectOf = (message: string): string => {
  const end = message.indexOf('\n');
  return end === -1 ? message : message.slice(0, end);
};

/** Every AI marker in one commit's identities and message. Pure; the catalog decides what counts. */
export function detectCommit(catalog: Catalog, commit: Commit): Evidence[] {
  const evidence: Evidence[] = [];
  const person = (p: Person, kind: EvidenceKind): void => {
    evidence.push(...identityEvidence(catalog, p, kind, formatIdentity(p)));
  };
  person(commit.author, 'author');
  if (commit.committer.email !== commit.author.email || commit.committer.name !== commit.author.name) {
    person(commit.committer, 'committer');
  }
  const subject = subjectOf(commit.message);
  evidence.push(...detectMessage(catalog, subject, commit.message.slice(subject.length + 1), commit.trailers));
  if (commit.parents.length > 1) {
    const branch = mergedBranch(subject);
    if (branch !== undefined) evidence.push(...branchEvidence(catalog, branch));
  }
  return evidence;
}

/**
 * Markers in free text attached to a commit that is not git-ai's format: a note such as
 * `Assisted-by: copilot` or a copied footer. Every `Key: value` line is read as a trailer.
 */
export function detectNote(catalog: Catalog, text: string, ref: string): Evidence[] {
  const trailers = text
    .split('\n')
    .map((line) => /^([A-Za-z0-9-]+)\s*:\s*(.+)$/.exec(line.trim()))
    .filter((match) => match !== null)
    .map((match) => ({ key: match[1]!, value: match[2]!.trim() }));
  return detectMessage(catalog, '', text, trailers).map((e) => ({ ...e, kind: 'note', text: `${ref}: ${e.text}` }));
}

/** Markers in a message: trailers, the subject, and footer or co-author lines anywhere in the body. */
function detectMessage(catalog: Catalog, subject: string, body: string, trailers: readonly Trailer[]): Evidence[] {
  const evidence: Evidence[] = [];
  const coAuthors = new Set<string>();
  const coAuthor = (value: string): void => {
    const identity = parseIdentity(value);
    const text = `Co-authored-by: ${formatIdentity(identity)}`;
    if (coAuthors.has(text.toLowerCase())) return;
    coAuthors.add(text.toLowerCase());
    const known = identityEvidence(catalog, identity, 'co-author', text);
    evidence.push(...(known.length > 0 ? known : genericCoAuthor(catalog, identity, text)));
  };

  for (const trailer of trailers) {
    const key = trailer.key.toLowerCase();
    if (key === CO_AUTHOR_KEY) {
      coAuthor(trailer.value);
      continue;
    }
    const markers = catalog.trailersByKey.get(key);
    if (markers) {
      for (const { marker, value } of markers) {
        if (value && !value.test(trailer.value)) continue;
        evidence.push({ tool: marker.tool, kind: 'trailer', text: `${trailer.key}: ${trailer.value}`, confidence: marker.confidence });
      }
    } else if (ASSISTED_KEYS.has(key)) {
      const found = assistedBy(catalog, trailer.key, trailer.value);
      if (found) evidence.push(found);
    }
  }

  for (const { marker, pattern } of catalog.subjects) {
    if (subject !== '' && pattern.test(subject)) evidence.push({ tool: marker.tool, kind: 'subject', text: subject, confidence: marker.confidence });
  }

  for (const rawLine of body.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const coAuthorLine = CO_AUTHOR_LINE.exec(line);
    if (coAuthorLine) {
      coAuthor(coAuthorLine[1]!);
      continue;
    }
    let matched = false;
    for (const { marker, pattern } of catalog.footers) {
      if (pattern.test(line)) {
        evidence.push({ tool: marker.tool, kind: 'footer', text: line, confidence: marker.confidence });
        matched = true;
      }
    }
    const generic = matched ? null : GENERIC_FOOTER.exec(line);
    if (generic) {
      const tool = findTool(catalog, generic[1]!);
      evidence.push({ tool: tool?.id ?? toToolId(generic[1]!), kind: 'footer', text: line, confidence: 'medium', generic: true });
    }
  }
  return evidence;
}

export function branchEvidence(catalog: Catalog, branch: string): Evidence[] {
  return catalog.branches
    .filter((marker) => branch.toLowerCase().startsWith(marker.prefix.toLowerCase()))
    .map((marker) => ({ tool: marker.tool, kind: 'branch', text: branch, confidence: marker.confidence }));
}
