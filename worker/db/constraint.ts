/**
 * D1 reports a violated UNIQUE or PRIMARY KEY constraint only in its error text (message or
 * cause). Routes that race other writers use this to turn "someone else got there first" into a
 * clear 409 instead of a 500.
 */

/** The error's text when it is a uniqueness violation (it names the table.column), else undefined. */
export function uniquenessViolation(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  // D1 puts the database's own error in `cause`: an Error (or its text); nothing else carries text.
  const cause: unknown = error.cause;
  const text = `${error.message} ${cause instanceof Error ? cause.toString() : typeof cause === 'string' ? cause : ''}`;
  return /UNIQUE|PRIMARY KEY/i.test(text) ? text : undefined;
}
