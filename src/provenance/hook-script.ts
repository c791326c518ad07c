import { hookMarker, SAVED_HOOK_SUFFIX } from '../git/hooks.js';
import type { Catalog } from './catalog.js';

/** The hook blastwall installs: git runs it after preparing the message, before the editor. */
export const COMMIT_HOOK = 'prepare-commit-msg';

/** A value as one sh word, quoted so the shell reads it literally: `it's` -> `'it'\''s'`. */
export const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/** Lower case for ASCII letters only, as `tr '[:upper:]' '[:lower:]'` does in any locale. */
const asciiLower = (value: string): string => value.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

const indent = (lines: readonly string[], depth: number): string[] => lines.map((line) => ' '.repeat(depth) + line);

/** `case` arms mapping every id, name and alias (lower case) to the tool id, first tool first as in findTool. */
function toolArms(catalog: Catalog): string[] {
  const seen = new Set<string>();
  const arms: string[] = [];
  for (const tool of catalog.tools.values()) {
    const names = [tool.id, tool.name, ...tool.aliases].map((name) => asciiLower(name.trim())).filter((name) => name !== '');
    const fresh = [...new Set(names)].filter((name) => !seen.has(name));
    fresh.forEach((name) => seen.add(name));
    if (fresh.length > 0) arms.push(`${fresh.map(shellQuote).join('|')}) printf '%s\\n' ${shellQuote(tool.id)} ;;`);
  }
  return arms;
}

/** `case` arms giving each tool's identity emails as `grep -e` arguments. */
function identityArms(catalog: Catalog): string[] {
  const emails = new Map<string, Set<string>>();
  const markers = [...[...catalog.identityByEmail.values()].flat(), ...catalog.identityPatterns.map(({ marker }) => marker)];
  for (const marker of markers) {
    if (marker.email === undefined) continue;
    const set = emails.get(marker.tool) ?? new Set<string>();
    set.add(marker.email);
    emails.set(marker.tool, set);
  }
  return [...emails].map(([tool, set]) => `${shellQuote(tool)}) set -- ${[...set].map((email) => `-e ${shellQuote(email)}`).join(' ')} ;;`);
}

/** An `if/elif` chain over the env markers in catalog order; the first match names the tool. */
function envChain(catalog: Catalog): string[] {
  const tests: string[] = [];
  for (const marker of catalog.envs) {
    // The name is written unquoted into the script, so it must be a plain variable name.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(marker.variable)) throw new Error(`not an environment variable name: ${marker.variable}`);
    const value = `"\${${marker.variable}-}"`;
    if (marker.value === undefined) tests.push(`[ -n ${value} ]; then tool=${shellQuote(marker.tool)}`);
    else if (marker.value !== '') tests.push(`[ ${value} = ${shellQuote(marker.value)} ]; then tool=${shellQuote(marker.tool)}`);
  }
  if (tests.length === 0) return ['tool='];
  return ['tool=', ...tests.map((test, index) => `${index === 0 ? 'if' : 'elif'} ${test}`), 'fi'];
}

/**
 * The `prepare-commit-msg` hook, a POSIX sh script (dash is enough). When an AI agent makes the commit,
 * it adds `Assisted-by: <tool id>` with `git interpret-trailers`, unless the message already names the
 * tool. `BLASTWALL_AI_TOOL` declares the tool (any id or name; empty or `none` adds nothing); otherwise
 * the catalog's env markers decide. Pure: the catalog is written into the script.
 */
export function hookScript(catalog: Catalog): string {
  const lines = [
    '#!/bin/sh',
    hookMarker(COMMIT_HOOK),
    '#',
    '# Written by `blastwall hook install`; `blastwall hook uninstall` removes it and puts back the hook it',
    '# replaced. When an AI agent makes the commit, it adds the trailer `Assisted-by: <tool>`.',
    '# BLASTWALL_AI_TOOL declares the tool (an id or a name); set to `none` or empty, it adds nothing.',
    '',
    "# git's arguments: the message file, where the message comes from, and a commit for -c, -C and --amend.",
    'msg_file=$1',
    'source=${2-}',
    '',
    '# The hook this one replaced runs first, with the same arguments; if it fails, so does the commit.',
    `saved=$0${SAVED_HOOK_SUFFIX}`,
    'case $saved in */*) ;; *) saved=./$saved ;; esac',
    'if [ -x "$saved" ]; then',
    '  "$saved" "$@" || exit $?',
    'fi',
    '',
    '# Merge and squash messages describe commits made before. A template means an editor session, where',
    '# an added line would stop git from aborting a commit whose message was left untouched.',
    'case $source in merge|squash|template) exit 0 ;; esac',
    '# A merge or a squash concluded with -m or -F comes as `message`, and a rebase replays commits that',
    '# whoever runs it did not write: the files git keeps meanwhile tell.',
    'for state in MERGE_HEAD SQUASH_MSG rebase-merge; do',
    '  [ -e "$(git rev-parse --git-path "$state")" ] && exit 0',
    'done',
    '',
    "lower() { printf '%s\\n' \"$1\" | tr '[:upper:]' '[:lower:]'; }",
    '',
    '# The id of a tool named in lower case by its id, name or an alias; fails for a name the catalog lacks.',
    'known_tool() {',
    '  case $1 in',
    ...indent(toolArms(catalog), 4),
    '    *) return 1 ;;',
    '  esac',
    '}',
    "tool_key() { known_tool \"$1\" || printf '%s\\n' \"$1\"; }",
    '',
    'if [ -n "${BLASTWALL_AI_TOOL+set}" ]; then',
    "  declared=$(printf '%s' \"$BLASTWALL_AI_TOOL\" | tr '\\r\\n\\t' '   ' | sed -e 's/^ *//' -e 's/ *$//')",
    '  case $(lower "$declared") in \'\'|none) exit 0 ;; esac',
    '  tool=$(known_tool "$(lower "$declared")") || tool=$declared',
    'else',
    ...indent(envChain(catalog), 2),
    '  [ -n "$tool" ] || exit 0',
    'fi',
    'key=$(tool_key "$(lower "$tool")")',
    '',
    '# The message as git will keep it: no comment lines, no diff below the scissors line of `commit -v`.',
    "message=$(sed -e '/^# ------------------------ >8 ------------------------$/,$d' -e '/^#/d' \"$msg_file\")",
    '# An empty message is an editor session too: a trailer alone would be committed instead of aborting.',
    'case $message in *[![:space:]]*) ;; *) exit 0 ;; esac',
    '',
    '# An Assisted-by (or Generated-by) line already names the tool.',
    'names_tool() {',
    "  printf '%s\\n' \"$message\" | grep -i -e '^assisted-by[[:space:]]*:' -e '^generated-by[[:space:]]*:' |",
    "    sed -e 's/^[^:]*:[[:space:]]*//' -e 's/[<:([].*$//' -e 's/[[:space:]]*$//' | tr '[:upper:]' '[:lower:]' |",
    '    (',
    '      while IFS= read -r name; do',
    '        [ "$(tool_key "$name")" = "$key" ] && exit 0',
    '      done',
    '      exit 1',
    '    )',
    '}',
    '# A line holds one of the identity emails of the tool, e.g. its Co-authored-by trailer.',
    'has_identity() {',
    '  case $1 in',
    ...indent(identityArms(catalog), 4),
    '    *) return 1 ;;',
    '  esac',
    "  printf '%s\\n' \"$message\" | grep -q -i -F \"$@\"",
    '}',
    'if names_tool || has_identity "$key"; then exit 0; fi',
    '',
    '# git places a trailer right under the last line when the file does not end with a newline.',
    '[ -z "$(tail -c 1 "$msg_file")" ] || printf \'\\n\' >>"$msg_file"',
    '# A trailer that cannot be added never stops the commit.',
    'git interpret-trailers --in-place --trailer "Assisted-by: $tool" "$msg_file" ||',
    '  echo "blastwall: could not add Assisted-by: $tool to $msg_file" >&2',
    'exit 0',
  ];
  return `${lines.join('\n')}\n`;
}
