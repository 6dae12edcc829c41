/**
 * Loads the rules of the person form (web/guest/companion-rules.ts: protocol/companion-input.ts
 * with libphonenumber-js) once, on demand, like client/load-contact-rules.ts: the guest app's
 * first load does not carry them. A failed load is not remembered, so the next attempt tries again.
 */
export type CompanionRules = typeof import('./companion-rules.ts');

let loading: Promise<CompanionRules> | undefined;

export function loadCompanionRules(): Promise<CompanionRules> {
  if (!loading) {
    const attempt = import('./companion-rules.ts');
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
  }
  return loading;
}
