import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './bytes.ts';
import {
  type DataRequest,
  EMPLOYEE_CERTIFICATE_DAYS,
  type EmployeeCertificate,
  issueEmployeeCertificate,
  signDataRequest,
  stayOverlaps,
  verifyDataRequest,
} from './data-request.ts';
import { newId } from './ids.ts';
import { generateKeyPair, importPrivateJwk } from './keys.ts';
import { type ProvisionedOffice, type RootKey, createCertifiedOffice, createRootKey } from './provisioning.ts';
import { DAY_MS, HOUR_MS } from './time.ts';

const now = Date.parse('2026-11-23T12:00:00Z');
let root: RootKey;
let office: ProvisionedOffice;
let other: ProvisionedOffice;
let employee: EmployeeCertificate;
let employeeKey: CryptoKey;
let request: DataRequest;

async function certify(of: ProvisionedOffice, name: string, notBefore = now - DAY_MS) {
  const pair = await generateKeyPair('signing');
  const cert = await issueEmployeeCertificate(await importPrivateJwk(of.signingPrivateJwk, 'signing'), {
    officeId: of.certificate.officeId,
    employeeId: newId(),
    name,
    signingKey: pair.publicKey,
    deviceKey: toBase64Url(new Uint8Array(65).fill(4)),
    role: 'member',
    notBefore,
    notAfter: notBefore + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS,
  });
  return { cert, key: pair.privateKey };
}

const body = () => ({
  requestId: newId(),
  caseId: newId(),
  caseReference: 'GA-2026-0815',
  venueId: newId(),
  from: now - 4 * HOUR_MS,
  to: now - HOUR_MS,
  basis: 'visit' as const,
  reason: 'Index case visited on Saturday evening.',
  createdAt: now,
});

beforeAll(async () => {
  root = await createRootKey();
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Mitte',
    postcodes: ['10115'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  other = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Altona',
    postcodes: ['22765'],
    notBefore: now - DAY_MS,
    validDays: 365,
  });
  ({ cert: employee, key: employeeKey } = await certify(office, 'Dr. Anna Weber'));
  request = await signDataRequest(employeeKey, employee, body());
});

const pinned = () => fromBase64Url(root.publicKey);

describe('data requests', () => {
  it('verify up to the pinned root and name office and employee', async () => {
    const verified = await verifyDataRequest(pinned(), office.certificate, request, now);
    expect(verified).toMatchObject({ officeName: 'Gesundheitsamt Mitte', employeeName: 'Dr. Anna Weber' });
  });

  it('refuse any changed field: window, venue, case, reason', async () => {
    for (const change of [
      { from: request.from - HOUR_MS },
      { to: request.to + HOUR_MS },
      { venueId: newId() },
      { caseReference: 'X' },
      { reason: 'other' },
    ]) {
      await expect(verifyDataRequest(pinned(), office.certificate, { ...request, ...change }, now)).rejects.toThrow(
        'not signed by the employee',
      );
    }
  });

  it('refuse an employee certified by another office, or not certified at all', async () => {
    const foreign = await certify(other, 'Mallory');
    const forged = await signDataRequest(foreign.key, { ...foreign.cert, officeId: office.certificate.officeId }, body());
    await expect(verifyDataRequest(pinned(), office.certificate, forged, now)).rejects.toThrow('not certified by the office');
    const unsigned = await signDataRequest(foreign.key, foreign.cert, body());
    await expect(verifyDataRequest(pinned(), office.certificate, unsigned, now)).rejects.toThrow('do not belong together');
  });

  it('refuse an office outside the pinned root, windows too long or in the future, expired employees', async () => {
    const otherRoot = await createRootKey();
    await expect(verifyDataRequest(fromBase64Url(otherRoot.publicKey), office.certificate, request, now)).rejects.toThrow('pinned root');
    const long = await signDataRequest(employeeKey, employee, { ...body(), from: now - 5 * DAY_MS });
    await expect(verifyDataRequest(pinned(), office.certificate, long, now)).rejects.toThrow('three days');
    const future = await signDataRequest(employeeKey, employee, { ...body(), to: now + 5 * HOUR_MS });
    await expect(verifyDataRequest(pinned(), office.certificate, future, now)).rejects.toThrow('future');
    const late = await signDataRequest(employeeKey, employee, {
      ...body(),
      createdAt: now + 40 * DAY_MS,
      from: now + 40 * DAY_MS - 2 * HOUR_MS,
      to: now + 40 * DAY_MS - HOUR_MS,
    });
    await expect(verifyDataRequest(pinned(), office.certificate, late, now + 40 * DAY_MS)).rejects.toThrow('not valid when');
  });

  it('counts a stay as overlapping if it touches the window, using the default stay without a checkout', () => {
    const window = { from: 1000, to: 2000 };
    expect(stayOverlaps(window, { arrivedAt: 500, departedAt: 1200, defaultStayMs: 0 })).toBe(true);
    expect(stayOverlaps(window, { arrivedAt: 1900, departedAt: 3000, defaultStayMs: 0 })).toBe(true);
    expect(stayOverlaps(window, { arrivedAt: 100, departedAt: 900, defaultStayMs: 0 })).toBe(false);
    expect(stayOverlaps(window, { arrivedAt: 2100, departedAt: null, defaultStayMs: 500 })).toBe(false);
    expect(stayOverlaps(window, { arrivedAt: 600, departedAt: null, defaultStayMs: 500 })).toBe(true);
    expect(stayOverlaps(window, { arrivedAt: 400, departedAt: null, defaultStayMs: 500 })).toBe(false);
    // A departure the server inflated does not stretch a stay past 24 hours.
    const later = { from: 3 * DAY_MS, to: 3 * DAY_MS + HOUR_MS };
    expect(stayOverlaps(later, { arrivedAt: 0, departedAt: 10 * DAY_MS, defaultStayMs: 0 })).toBe(false);
  });

  it('refuse a request whose employee certificate lives longer than an office may certify (trust model 18)', async () => {
    const pair = await generateKeyPair('signing');
    const longLived = await issueEmployeeCertificate(await importPrivateJwk(office.signingPrivateJwk, 'signing'), {
      officeId: office.certificate.officeId,
      employeeId: newId(),
      name: 'Ein Jahr',
      signingKey: pair.publicKey,
      deviceKey: toBase64Url(new Uint8Array(65).fill(4)),
      role: 'member',
      notBefore: now - DAY_MS,
      notAfter: now - DAY_MS + 365 * DAY_MS,
    });
    const signed = await signDataRequest(pair.privateKey, longLived, body());
    await expect(verifyDataRequest(pinned(), office.certificate, signed, now)).rejects.toThrow('lives longer');
    // One minute more than the lifetime (the clock slack issuing allows) is still accepted; two are not.
    const edge = async (extraMs: number) => {
      const cert = await issueEmployeeCertificate(await importPrivateJwk(office.signingPrivateJwk, 'signing'), {
        ...longLived,
        signingKey: pair.publicKey,
        notAfter: longLived.notBefore + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS + extraMs,
      });
      return verifyDataRequest(pinned(), office.certificate, await signDataRequest(pair.privateKey, cert, body()), now);
    };
    await expect(edge(60_000)).resolves.toBeDefined();
    await expect(edge(60_001)).rejects.toThrow('lives longer');
  });

  it('refuse a request backdated beyond 14 days, even inside the employee certificate', async () => {
    const veteran = await certify(office, 'Long-serving', now - 20 * DAY_MS);
    const old = await signDataRequest(veteran.key, veteran.cert, {
      ...body(),
      createdAt: now - 15 * DAY_MS + HOUR_MS,
      from: now - 15 * DAY_MS,
      to: now - 15 * DAY_MS + HOUR_MS,
    });
    await expect(verifyDataRequest(pinned(), office.certificate, old, now + HOUR_MS)).rejects.toThrow('older than 14 days');
  });
});
