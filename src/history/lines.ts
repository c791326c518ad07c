/**
 * Whether a deleted line says anything a bug could live in: not blank, not only a comment.
 * Comment syntax is chosen by file extension; unknown kinds of files keep every non-blank line.
 */
const SLASH = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'java', 'go', 'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'rs', 'swift', 'kt', 'kts', 'scala', 'php', 'dart', 'groovy'];
const HASH = ['py', 'rb', 'sh', 'bash', 'zsh', 'yml', 'yaml', 'toml', 'pl', 'r', 'tf', 'cfg', 'conf', 'ini', 'mk', 'cmake', 'ps1', 'ex', 'exs', 'nix'];
const DASHES = ['sql', 'lua', 'hs', 'elm', 'ada'];

const markers = new Map<string, readonly string[]>([
  ...SLASH.map((ext) => [ext, ['//', '/*', '*', '*/']] as const),
  ...HASH.map((ext) => [ext, ['#']] as const),
  ...DASHES.map((ext) => [ext, ['--']] as const),
  ['html', ['<!--']],
  ['xml', ['<!--']],
  ['vue', ['//', '/*', '*', '<!--']],
  ['clj', [';']],
  ['el', [';']],
]);
const byName = new Map<string, readonly string[]>([
  ['Makefile', ['#']],
  ['Dockerfile', ['#']],
  ['.gitignore', ['#']],
  ['CODEOWNERS', ['#']],
]);

export function isMeaningfulLine(path: string, text: string): boolean {
  const line = text.trim();
  if (line === '') return false;
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const comment = byName.get(name) ?? (dot > 0 ? markers.get(name.slice(dot + 1).toLowerCase()) : undefined);
  return !(comment ?? []).some((marker) => line.startsWith(marker));
}
