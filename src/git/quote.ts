import { decodeGitText } from '../shared/text.js';

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, '\\': 92 };

/**
 * git C-quotes a file name that holds special bytes (`"a\tb"`, `"caf\303\251"`). Undoes it byte for
 * byte; a name that is not quoted is returned as it is. Characters of the quoted text are taken as
 * bytes (the text is ASCII once quoted, or Latin-1-decoded raw output).
 */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      bytes.push(c.charCodeAt(0) & 0xff);
      continue;
    }
    const next = text[i + 1]!;
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return decodeGitText(Buffer.from(bytes));
}
