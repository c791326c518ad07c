/**
 * A known error: bad input or configuration that the user can fix.
 * The CLI prints its message and hint on one line each, without a stack trace, and exits with 2.
 * Anything else is a bug and is re-thrown.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;
