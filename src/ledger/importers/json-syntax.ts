/**
 * Where a JSON text breaks, and why, in words of our own. Only called once JSON.parse has failed:
 * V8's messages name no position for some mistakes ("Unexpected token ... is not valid JSON") and
 * change between Node versions, while an import error must point at a line and column.
 */
export interface JsonSyntaxError {
  /** Offset into the text of the character that is wrong (the text's length at an early end). */
  readonly offset: number;
  readonly message: string;
}

class Broken extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const WHITESPACE = /[ \t\n\r]*/y;

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let at = 0;
  const shown = (): string => (at >= text.length ? 'the end of the text' : JSON.stringify(text[at]));
  const broken = (expected: string): never => {
    throw new Broken(at, `${expected}, got ${shown()}`);
  };
  const skipSpace = (): void => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const matchAt = (pattern: RegExp): number => {
    pattern.lastIndex = at;
    return pattern.exec(text)?.[0].length ?? 0;
  };

  const string = (): void => {
    at++;
    for (;;) {
      const char = text[at];
      if (char === undefined) broken("expected '\"' to close the string");
      if (char === '"') break;
      if (char === '\\') {
        const length = matchAt(ESCAPE);
        if (length === 0) broken('expected an escape such as \\n, \\" or \\u00e9');
        at += length;
      } else if (char! < ' ') {
        broken('expected \\n or \\t instead of a control character in a string');
      } else at++;
    }
    at++;
  };

  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') return members('}', () => {
      skipSpace();
      if (text[at] !== '"') broken('expected a property name in double quotes');
      string();
      skipSpace();
      if (text[at] !== ':') broken("expected ':' after a property name");
      at++;
      value();
    }, 'a property value');
    if (char === '[') return members(']', value, 'an array element');
    if (char === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return;
      }
    }
    const length = matchAt(NUMBER);
    if (length === 0) broken('expected a value');
    at += length;
  };

  // The items of an object or array, separated by commas; no trailing comma, as JSON says.
  const members = (close: string, item: () => void, what: string): void => {
    at++;
    skipSpace();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      item();
      skipSpace();
      if (text[at] === close) break;
      if (text[at] !== ',') broken(`expected ',' or '${close}' after ${what}`);
      at++;
    }
    at++;
  };

  try {
    value();
    skipSpace();
    if (at < text.length) broken('expected the end of the text after the JSON value');
    return undefined;
  } catch (error) {
    if (error instanceof Broken) return { offset: error.offset, message: error.message };
    // Nesting deeper than the call stack: the caller falls back to V8's message.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
