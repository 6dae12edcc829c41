/** What to show for a failure: the error's own message, or its text for anything else thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
