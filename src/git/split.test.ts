import { describe, expect, it } from 'vitest';
import { ByteSplitter } from './split.js';

/** Feeds `text` in chunks of `size` bytes; a token "skip" drops the tokens after it up to the next that starts with "#". */
function split(text: string, size: number): string[] {
  const splitter = new ByteSplitter(0);
  const tokens: string[] = [];
  const onToken = (token: Buffer): void => {
    tokens.push(token.toString());
    if (token.toString() === 'skip') splitter.skipUntil('#'.charCodeAt(0));
  };
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size), onToken);
  splitter.end(onToken);
  return tokens;
}

describe('ByteSplitter', () => {
  const text = ['#1', 'a', 'skip', 'b', 'c#', '#2', 'd', 'skip', 'e', '#3', 'f'].join('\0');

  it('gives the same tokens whatever the chunk size, skipping up to the next token that starts with the byte', () => {
    for (const size of [1, 2, 3, 5, 7, 64]) {
      expect(split(text, size)).toEqual(['#1', 'a', 'skip', '#2', 'd', 'skip', '#3', 'f']);
    }
  });

  it('drops the rest of the stream when no such token follows', () => {
    for (const size of [1, 4, 64]) expect(split(['#1', 'skip', 'x', 'y#'].join('\0'), size)).toEqual(['#1', 'skip']);
  });

  it('delivers a token that starts with the byte right after the one that asked to skip', () => {
    for (const size of [1, 3, 64]) expect(split(['skip', '#1', 'z'].join('\0'), size)).toEqual(['skip', '#1', 'z']);
  });
});
