/**
 * Splits a stream of chunks into tokens at a separator byte (NUL for `-z` output, newline for
 * patches), carrying a token cut by a chunk boundary over to the next chunk. Tokens are views of
 * the chunk: a caller that keeps one must copy it.
 */
export class ByteSplitter {
  private rest: Buffer = Buffer.alloc(0);

  constructor(private readonly separator: number) {}

  /** Calls `onToken` for every complete token of the chunk. */
  push(chunk: Buffer, onToken: (token: Buffer) => void): void {
    const buffer = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let at = buffer.indexOf(this.separator, start); at !== -1; at = buffer.indexOf(this.separator, start)) {
      onToken(buffer.subarray(start, at));
      start = at + 1;
    }
    this.rest = Buffer.from(buffer.subarray(start));
  }

  /** The last token, when the stream did not end with a separator. */
  end(onToken: (token: Buffer) => void): void {
    if (this.rest.length > 0) onToken(this.rest);
    this.rest = Buffer.alloc(0);
  }
}
