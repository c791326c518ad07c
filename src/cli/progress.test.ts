import { describe, expect, it, vi } from 'vitest';
import { progressBar } from './progress.js';

const fakeStream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { stream: { isTTY, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream, writes };
};

describe('progressBar', () => {
  it('draws counts, a bar and a rate on a terminal, and clears its line at the end', () => {
    vi.stubEnv('CI', '');
    const { stream, writes } = fakeStream(true);
    const bar = progressBar(stream);
    bar.onProgress!({ unit: 'commits', done: 500, total: 1000 });
    bar.onProgress!({ unit: 'commits', done: 1000, total: 1000 });
    bar.done();
    vi.unstubAllEnvs();
    // eslint-disable-next-line no-control-regex -- the bar ends with the terminal's erase-line sequence
    expect(writes[0]).toMatch(/^\r\[#{12}\.{12}\] 500\/1,000 commits \([\d,]+\/s\)\u001b\[K$/);
    // eslint-disable-next-line no-control-regex -- as above
    expect(writes[1]).toMatch(/^\r\[#{24}\] 1,000\/1,000 commits \([\d,]+\/s\)\u001b\[K$/);
    expect(writes[2]).toBe('\r\u001b[K');
  });

  it('stays silent when stderr is not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    const bar = progressBar(stream);
    expect(bar.onProgress).toBeUndefined();
    bar.done();
    expect(writes).toEqual([]);
  });
});
