/**
 * Trailers parsed the way git parses them (trailer.c), so that blastwall and
 * `git log --format=%(trailers)` agree on every message:
 * - the first paragraph is the title and never holds trailers;
 * - the trailer block is the last paragraph; it counts when all its lines are trailers, or when
 *   at least a quarter are and one of them is git-generated (`Signed-off-by: `, `(cherry picked from commit `);
 * - a trailer line is `<token><spaces>:<value>` where the token is letters, digits and hyphens;
 * - lines starting with whitespace continue the previous trailer (unfolded with one space);
 * - lines starting with `#` are comments.
 * As in `%(trailers)`, a `---` line is not treated as the start of a patch.
 */
export interface Trailer {
  readonly key: string;
  readonly value: string;
}

const gitGeneratedPrefixes = ['Signed-off-by: ', '(cherry picked from commit '];

const isBlank = (line: string): boolean => line.trim().length === 0;
const isSpace = (char: string | undefined): boolean => char === ' ' || char === '\t';

/** Index of the `:` separator of a trailer line, or -1 (git's find_separator). */
function findSeparator(line: string): number {
  let whitespaceFound = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ':') return i;
    if (!whitespaceFound && /[A-Za-z0-9-]/.test(c)) continue;
    if (i !== 0 && isSpace(c)) {
      whitespaceFound = true;
      continue;
    }
    break;
  }
  return -1;
}

/** The lines of the trailer block, or an empty list when the message has none. */
function trailerBlock(message: string): string[] {
  const lines = message.split('\n');
  while (lines.length > 0 && isBlank(lines[lines.length - 1]!)) lines.pop();

  let endOfTitle = 0;
  while (endOfTitle < lines.length) {
    const line = lines[endOfTitle]!;
    if (!line.startsWith('#') && isBlank(line)) break;
    endOfTitle++;
  }

  let recognizedPrefix = false;
  let trailerLines = 0;
  let nonTrailerLines = 0;
  let possibleContinuationLines = 0;
  for (let i = lines.length - 1; i >= endOfTitle; i--) {
    const line = lines[i]!;
    if (line.startsWith('#')) {
      nonTrailerLines += possibleContinuationLines;
      possibleContinuationLines = 0;
      continue;
    }
    if (isBlank(line)) {
      nonTrailerLines += possibleContinuationLines;
      const isBlock =
        (recognizedPrefix && trailerLines * 3 >= nonTrailerLines) || (trailerLines > 0 && nonTrailerLines === 0);
      return isBlock ? lines.slice(i + 1) : [];
    }
    if (gitGeneratedPrefixes.some((prefix) => line.startsWith(prefix))) {
      trailerLines++;
      possibleContinuationLines = 0;
      recognizedPrefix = true;
      continue;
    }
    if (findSeparator(line) >= 1 && !isSpace(line[0])) {
      trailerLines++;
      possibleContinuationLines = 0;
    } else if (isSpace(line[0])) {
      possibleContinuationLines++;
    } else {
      nonTrailerLines++;
      nonTrailerLines += possibleContinuationLines;
      possibleContinuationLines = 0;
    }
  }
  return [];
}

export function parseTrailers(message: string): Trailer[] {
  const trailers: { key: string; value: string }[] = [];
  let last: { key: string; value: string } | undefined;
  for (const line of trailerBlock(message)) {
    if (line.startsWith('#')) continue;
    if (isSpace(line[0])) {
      // A continuation line unfolds into the trailer above it.
      if (last) last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const separator = findSeparator(line);
    if (separator >= 1) {
      last = { key: line.slice(0, separator).trim(), value: line.slice(separator + 1).trim() };
      trailers.push(last);
    } else {
      last = undefined;
    }
  }
  return trailers;
}
