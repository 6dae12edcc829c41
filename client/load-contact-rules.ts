/**
 * Loads the contact rules (client/contact-rules.ts, with libphonenumber-js) once, on demand.
 * A failed load (no connection, a new version deployed meanwhile) is not remembered, so the next
 * attempt tries again.
 */
export type ContactRules = typeof import('./contact-rules.ts');

let loading: Promise<ContactRules> | undefined;

export function loadContactRules(): Promise<ContactRules> {
  if (!loading) {
    const attempt = import('./contact-rules.ts');
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
  }
  return loading;
}
