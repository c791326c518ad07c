/**
 * Splits a stream of chunks into tokens at a separator byte (NUL for `-z` output, newline for
 * patches), carrying a token cut by a chunk boundary over to the next chunk. Tokens are views of
 * the chunk: a caller that keeps one must copy it.
 */
export class ByteSplitter {
  private rest: Buffer = Buffer.alloc(0);
  /** While set, tokens are dropped up to the next one that starts with this byte. */
  private skipping: number | undefined;
  /** Whether the previous chunk ended with a separator: the next chunk then starts a token. */
  private tokenStart = true;

  constructor(private readonly separator: number) {}

  /** Calls `onToken` for every complete token of the chunk. */
  push(chunk: Buffer, onToken: (token: Buffer) => void): void {
    const buffer = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (;;) {
      if (this.skipping !== undefined) {
        const resume = this.resumeAt(buffer, start, this.skipping);
        if (resume === -1) {
          this.rest = Buffer.alloc(0);
          if (buffer.length > 0) this.tokenStart = buffer[buffer.length - 1] === this.separator;
          return;
        }
        start = resume;
        this.skipping = undefined;
      }
      const at = buffer.indexOf(this.separator, start);
      if (at === -1) break;
      onToken(buffer.subarray(start, at));
      start = at + 1;
    }
    this.rest = Buffer.from(buffer.subarray(start));
  }

  /**
   * Drops the tokens that follow, without splitting them, up to the next token that starts with
   * `byte`, which is delivered as usual: a reader that has seen enough of a record (the first
   * thousands of names of a commit that adds thirty thousand files) skips the rest at the cost of
   * one search instead of one token per name.
   */
  skipUntil(byte: number): void {
    this.skipping = byte;
  }

  /** Where the next token that starts with `byte` begins, at or after `start` (a token start), or -1. */
  private resumeAt(buffer: Buffer, start: number, byte: number): number {
    if (start < buffer.length && buffer[start] === byte && (start > 0 || this.tokenStart)) return start;
    const found = buffer.indexOf(Buffer.of(this.separator, byte), start);
    return found === -1 ? -1 : found + 1;
  }

  /** The last token, when the stream did not end with a separator. */
  end(onToken: (token: Buffer) => void): void {
    if (this.rest.length > 0 && this.skipping === undefined) onToken(this.rest);
    this.rest = Buffer.alloc(0);
    this.skipping = undefined;
    this.tokenStart = true;
  }
}
