/**
 * What a device remembers about each office's certificate (protocol/office-rotation.ts, trust model
 * 26): the newest one it has accepted, by `notBefore` and identity key. After an office rotated its
 * identity key, a server that serves the older certificate (whose key a removed admin may hold) to
 * a device that saw the newer one is caught as a rollback on this device. Kept in localStorage per
 * app origin, like the revocation serials (client/revocation-memory.ts); a device that never saw
 * the newer certificate, or whose storage was cleared, accepts either (PROTOCOL.md "Identity key
 * rotation").
 */
import * as v from 'valibot';
import type { OfficeCertificate } from '../protocol/hierarchy.ts';
import { type CertificatePin, checkCertificatePin } from '../protocol/office-rotation.ts';

const STORAGE_KEY = 'luca-office-certificates';
const PinsSchema = v.record(
  v.string(),
  v.strictObject({ notBefore: v.pipe(v.number(), v.integer(), v.minValue(0)), signingKey: v.pipe(v.string(), v.maxLength(100)) }),
);

const storage = () => globalThis.localStorage as Storage | undefined;

/** What this page accepted, also when storage is blocked: the check holds at least for the page's life. */
const seenHere = new Map<string, CertificatePin>();

const newer = (a: CertificatePin | undefined, b: CertificatePin) => a === undefined || b.notBefore > a.notBefore;

function read(): Record<string, CertificatePin> {
  let stored: Record<string, CertificatePin> = {};
  try {
    const parsed = v.safeParse(PinsSchema, JSON.parse(storage()?.getItem(STORAGE_KEY) ?? '{}'));
    if (parsed.success) stored = parsed.output;
  } catch {
    // Unreadable storage counts as none; seenHere still holds.
  }
  for (const [officeId, pin] of seenHere) if (newer(stored[officeId], pin)) stored[officeId] = pin;
  return stored;
}

export const officeCertificateMemory = {
  /** The newest certificate this device accepted for the office, if any. */
  pinned(officeId: string): CertificatePin | undefined {
    return read()[officeId];
  },
  /** Throws ProtocolError('certificate_rolled_back') for a certificate older than the pinned one. */
  check(certificate: OfficeCertificate): void {
    checkCertificatePin(this.pinned(certificate.officeId), certificate);
  },
  /** Remembers a verified certificate; an older one never replaces a newer one. */
  remember(certificate: OfficeCertificate): void {
    const pins = read();
    const pin = { notBefore: certificate.notBefore, signingKey: certificate.signingKey };
    if (!newer(pins[certificate.officeId], pin)) return;
    pins[certificate.officeId] = pin;
    seenHere.set(certificate.officeId, pin);
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify(pins));
    } catch {
      // Storage full or blocked: seenHere keeps it for this page's life.
    }
  },
};
