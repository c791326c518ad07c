import type { OnProgress, ProgressEvent } from '../shared/progress.js';

/**
 * A progress bar on stderr, only when stderr is a terminal: machine output on stdout and logs in CI
 * stay clean. Redraws at most ten times a second.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { onProgress: OnProgress | undefined; done: () => void } {
  if (!stream.isTTY || process.env.CI) return { onProgress: undefined, done: () => {} };
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  const draw = (event: ProgressEvent): void => {
    const now = Date.now();
    if (now - lastDraw < 100 && event.done !== event.total) return;
    lastDraw = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const rate = Math.round(event.done / seconds);
    const width = 24;
    const bar =
      event.total === undefined || event.total === 0
        ? ''
        : `[${'#'.repeat(Math.round((width * event.done) / event.total)).padEnd(width, '.')}] `;
    const of = event.total === undefined ? '' : `/${event.total.toLocaleString('en-US')}`;
    stream.write(`\r${bar}${event.done.toLocaleString('en-US')}${of} ${event.unit} (${rate.toLocaleString('en-US')}/s)\u001b[K`);
    drawn = true;
  };
  return {
    onProgress: draw,
    done: () => {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}
