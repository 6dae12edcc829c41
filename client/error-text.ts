/**
 * The text a person reads for a failure, in their language: the app's own text for each API
 * code, protocol verification failure and browser exception (client/error-messages.ts),
 * never a server's English `message` or a raw browser message. Anything unforeseen gets a
 * general text, and its details go to the console for whoever debugs it.
 */
import { ProtocolError, type ProtocolErrorCode } from '../protocol/bytes.ts';
import type { ApiErrorCode, ClientFailureCode } from '../protocol/errors.ts';
import { ApiRequestError } from './api.ts';
import type { BrowserFailure, ErrorTexts } from './error-messages.ts';

const BROWSER_FAILURES: readonly BrowserFailure[] = [
  'NotAllowedError',
  'InvalidStateError',
  'SecurityError',
  'AbortError',
  'NotSupportedError',
  'QuotaExceededError',
  'TimeoutError',
];

/** Texts a screen gives instead of the general ones, where it knows better what a code means there. */
export type ErrorOverrides = Partial<Record<ApiErrorCode | ClientFailureCode, string>>;

/** `texts` is `errorMessages[lang]`, or the `errors` member of an app's catalogue. */
/**
 * A failure as data, for keeping it (a stay's reason for not being sent lives in IndexedDB) and
 * describing it later in whatever language the person then reads.
 */
export type FailureRecord =
  | { source: 'api'; code: ApiErrorCode | ClientFailureCode }
  | { source: 'protocol'; code: ProtocolErrorCode }
  | { source: 'browser'; code: BrowserFailure };

export function failureRecord(error: unknown): FailureRecord {
  if (error instanceof ApiRequestError) return { source: 'api', code: error.code };
  if (error instanceof ProtocolError) return { source: 'protocol', code: error.code };
  // fetch() outside the API client (a module that failed to load, a worker script) reports a TypeError.
  if (error instanceof TypeError && /fetch|network|load/i.test(error.message)) return { source: 'api', code: 'offline' };
  const name = error instanceof Error ? error.name : '';
  const known = BROWSER_FAILURES.find((failure) => failure === name);
  if (known) return { source: 'browser', code: known };
  console.warn('unforeseen failure', error);
  return { source: 'browser', code: 'other' };
}

/** The text for a kept failure; anything else kept (an older version's English reason) gets the general text. */
export function describeFailure(record: unknown, texts: ErrorTexts, overrides: ErrorOverrides = {}): string {
  if (typeof record !== 'object' || record === null || !('source' in record) || !('code' in record)) return texts.browser.other;
  const { source, code } = record;
  // What was kept is read as found: its code may be one this version has no text for.
  if (typeof code !== 'string') return texts.browser.other;
  const textIn = (table: Partial<Record<string, string>>): string | undefined => table[code];
  if (source === 'api') return textIn(overrides) ?? textIn(texts.api) ?? texts.browser.other;
  if (source === 'protocol') return textIn(texts.protocol) ?? texts.browser.other;
  return textIn(texts.browser) ?? texts.browser.other;
}

export function describeError(error: unknown, texts: ErrorTexts, overrides: ErrorOverrides = {}): string {
  return describeFailure(failureRecord(error), texts, overrides);
}

/** True for a failure that retrying later can fix: no connection, or the server's own fault. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof ApiRequestError &&
    (error.code === 'offline' || error.code === 'internal' || error.code === 'unexpected_response' || error.code === 'rate_limited')
  );
}
