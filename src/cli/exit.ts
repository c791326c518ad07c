/**
 * Exit codes, the contract CI relies on:
 * 0 success; 1 findings where a command judges (a gate that does not pass, a log that does not verify);
 * 2 bad input or configuration (a message and a hint, no stack trace).
 */
export const EXIT = { ok: 0, findings: 1, input: 2 } as const;

/**
 * What a command that judges sets to report findings (`exit.code = EXIT.findings`) after printing
 * them: the command still ends normally, so its output is complete, and `run` returns the code.
 */
export interface ExitState {
  code: number;
}
