/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTTY: boolean;
  readonly cwd: string;
}

export const processIo = (): Io => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
  cwd: process.cwd(),
});

/** Warnings go to stderr, one line each, so that machine output on stdout stays parseable. */
export function warn(io: Io, warnings: readonly string[]): void {
  for (const warning of warnings) io.stderr(`blastwall: warning: ${warning}\n`);
}
