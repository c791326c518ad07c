import type { Language } from './types.js';

const byExtension: Record<string, Language> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  go: 'go',
  java: 'java',
};

/** The language whose imports blastwall reads, from the file name; undefined for other files. */
export function languageOf(path: string): Language | undefined {
  if (path.endsWith('.d.ts') || path.includes('node_modules/')) return path.endsWith('.d.ts') ? 'typescript' : undefined;
  const dot = path.lastIndexOf('.');
  return dot === -1 ? undefined : byExtension[path.slice(dot + 1)];
}
