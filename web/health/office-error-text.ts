/**
 * The office app's text for any failure: its own errors (keys, device code, history key) in the
 * employee's language, everything else through the shared catalogue (client/error-text.ts).
 */
import { type ErrorOverrides, describeError } from '../../client/error-text.ts';
import { HistoryKeyMissingError, HistoryNotOpenedError } from './case-service.ts';
import { PublishIncompleteError } from './daily-key-batches.ts';
import { FingerprintMismatchError, KeyringError, MissingDeviceKeysError } from './keyring.ts';
import type { HealthMessages } from './messages.ts';
import { KeysRefusedError, OfficeCertificateRefusedError, type RefusedKey } from './verified-keyring.ts';

export function describeOfficeError(error: unknown, t: HealthMessages, overrides: ErrorOverrides = {}): string {
  if (error instanceof KeyringError)
    return error.code === 'colleague_uncertified' ? t.keyring.colleague_uncertified(error.colleague ?? '') : t.keyring[error.code];
  if (error instanceof KeysRefusedError) return t.keysRefused(refusedCounts(error.refused));
  if (error instanceof OfficeCertificateRefusedError) return t.certificateRefused;
  if (error instanceof FingerprintMismatchError) return t.fingerprintMismatch;
  if (error instanceof MissingDeviceKeysError) return t.missingKeys;
  if (error instanceof HistoryKeyMissingError) return t.historyKeyMissing;
  if (error instanceof HistoryNotOpenedError) return t.historyNotOpened;
  if (error instanceof PublishIncompleteError)
    return t.keysPartlyPublished(error.published, error.missing, describeOfficeError(error.cause, t, overrides));
  return describeError(error, t.errors, overrides);
}

function refusedCounts(refused: readonly RefusedKey[]): { identity: boolean; daily: number; records: number } {
  return {
    identity: refused.some((entry) => entry.kind === 'identity'),
    daily: refused.filter((entry) => entry.kind === 'daily').length,
    records: refused.filter((entry) => entry.kind === 'record').length,
  };
}
