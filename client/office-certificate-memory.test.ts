/**
 * The device's memory of each office's newest certificate (trust model 26): an older one is
 * refused once a newer one was accepted, across page loads (localStorage) and, where storage is
 * blocked, for the page's life.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../protocol/bytes.ts';
import type { OfficeCertificate } from '../protocol/hierarchy.ts';
import { newId } from '../protocol/ids.ts';

const stored = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => void stored.set(key, value),
});

const { officeCertificateMemory } = await import('./office-certificate-memory.ts');

const officeId = newId();
const certificate = (notBefore: number, signingKey: string): OfficeCertificate => ({
  v: 1,
  officeId,
  name: 'Gesundheitsamt Mitte',
  postcodes: ['10115'],
  signingKey,
  notBefore,
  notAfter: notBefore + 1,
  signature: 'A'.repeat(86),
});
const older = certificate(1000, 'A'.repeat(87));
const newer = certificate(2000, 'B'.repeat(87));

const codeOf = (run: () => void) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return error instanceof ProtocolError ? error.code : String(error);
  }
};

describe('office certificate memory', () => {
  beforeAll(() => {
    officeCertificateMemory.remember(older);
  });

  it('accepts a newer certificate and then refuses the older one', () => {
    expect(codeOf(() => officeCertificateMemory.check(newer))).toBe('accepted');
    officeCertificateMemory.remember(newer);
    expect(codeOf(() => officeCertificateMemory.check(older))).toBe('certificate_rolled_back');
    expect(stored.get('luca-office-certificates')).toContain(newer.signingKey);
  });

  it('never lets an older certificate replace the pinned one', () => {
    officeCertificateMemory.remember(older);
    expect(officeCertificateMemory.pinned(officeId)).toEqual({ notBefore: newer.notBefore, signingKey: newer.signingKey });
  });

  it('keeps the pin for the page when storage is cleared or unreadable', () => {
    stored.set('luca-office-certificates', '{not json');
    expect(codeOf(() => officeCertificateMemory.check(older))).toBe('certificate_rolled_back');
    stored.clear();
    expect(codeOf(() => officeCertificateMemory.check(older))).toBe('certificate_rolled_back');
  });
});
