/**
 * The signed objects of the key hierarchy and a request made under it: root → office certificate
 * → daily key and employee certificate → data request, and the office's revocation state. Each is made by the protocol code, its
 * signature kept if the file already holds one for the same bytes, and verified by the code.
 */
import { sha256 } from '../../protocol/bytes.ts';
import { issueEmployeeCertificate, signDataRequest, verifyDataRequest, verifyEmployeeCertificate } from '../../protocol/data-request.ts';
import {
  type OfficeCertificate,
  type VerifiedDailyKey,
  issueDailyKey,
  issueOfficeCertificate,
  keyIdOf,
  verifiedKeyForDay,
} from '../../protocol/hierarchy.ts';
import { type Signed, type TestVectors, toHex } from '../../protocol/test-vectors-format.ts';
import { DAY_MS } from '../../protocol/time.ts';
import { issueRevocationState, signingKeyFingerprint, verifyRevocationState } from '../../protocol/revocation.ts';
import { CHECKED_AT, DATA_REQUEST, DAY, EMPLOYEE, IDS, OFFICE, REVOCATION, ROTATION } from './inputs.ts';
import { precedes, signRotationRequest, verifyRotationRequest } from '../../protocol/office-rotation.ts';
import type { Signatures } from './signatures.ts';
import { type KeyOf, agree } from './support.ts';

export interface BuiltCertificates {
  vectors: TestVectors['certificates'];
  /** The daily key as a client holds it after verifying it up to the root. */
  officeKey: VerifiedDailyKey;
}

/** The file's record of an office certificate the root just signed (the signature kept if the bytes are the same). */
function keepOfficeCertificate(signatures: Signatures, fresh: OfficeCertificate): Promise<Signed> {
  return signatures.keep(
    'root',
    'luca-next/v1/office-certificate',
    [fresh.officeId, fresh.name, JSON.stringify(fresh.postcodes), fresh.signingKey, String(fresh.notBefore), String(fresh.notAfter)],
    fresh.signature,
  );
}

export async function buildCertificates(keyOf: KeyOf, signatures: Signatures): Promise<BuiltCertificates> {
  const root = keyOf('root');
  const identity = keyOf('officeIdentity');
  const daily = keyOf('officeDaily');

  const freshOffice = await issueOfficeCertificate(root.privateKey, {
    officeId: IDS.officeId,
    name: OFFICE.name,
    postcodes: [...OFFICE.postcodes],
    signingKey: identity.entry.publicKey,
    notBefore: OFFICE.notBefore,
    notAfter: OFFICE.notBefore + OFFICE.validDays * DAY_MS,
  });
  const officeSigned = await keepOfficeCertificate(signatures, freshOffice);
  const certificate = { ...freshOffice, signature: officeSigned.signature };

  const freshDaily = await issueDailyKey(identity.privateKey, IDS.officeId, DAY, daily.publicKey);
  const dailySigned = await signatures.keep(
    'officeIdentity',
    'luca-next/v1/office-daily-key',
    [freshDaily.officeId, freshDaily.day, freshDaily.publicKey],
    freshDaily.signature,
  );
  const record = { ...freshDaily, signature: dailySigned.signature };
  const publicKeySha256 = await sha256(daily.publicRaw);
  agree((await keyIdOf(daily.publicRaw)) === record.keyId, 'the daily key id');
  // Verifies the certificate under the root and the key under the certificate, as every client does.
  const officeKey = await verifiedKeyForDay(root.publicRaw, { certificate, dailyKeys: [record] }, IDS.officeId, DAY, CHECKED_AT);

  const employeeKey = keyOf('employeeSigning');
  const freshEmployee = await issueEmployeeCertificate(identity.privateKey, {
    officeId: IDS.officeId,
    employeeId: IDS.employeeId,
    name: EMPLOYEE.name,
    signingKey: employeeKey.publicKey,
    deviceKey: keyOf('employeeDevice').entry.publicKey,
    role: EMPLOYEE.role,
    notBefore: EMPLOYEE.notBefore,
    notAfter: EMPLOYEE.notBefore + EMPLOYEE.validDays * DAY_MS,
  });
  const employeeSigned = await signatures.keep(
    'officeIdentity',
    'luca-next/v1/employee-certificate',
    [
      freshEmployee.officeId,
      freshEmployee.employeeId,
      freshEmployee.name,
      freshEmployee.signingKey,
      String(freshEmployee.notBefore),
      String(freshEmployee.notAfter),
      freshEmployee.deviceKey,
      freshEmployee.role,
    ],
    freshEmployee.signature,
  );
  const employee = { ...freshEmployee, signature: employeeSigned.signature };
  agree(await verifyEmployeeCertificate(identity.publicKey, employee), 'the employee certificate');

  const freshRequest = await signDataRequest(employeeKey.privateKey, employee, {
    requestId: IDS.requestId,
    caseId: IDS.caseId,
    venueId: IDS.venueId,
    ...DATA_REQUEST,
  });
  const requestSigned = await signatures.keep(
    'employeeSigning',
    'luca-next/v1/data-request',
    [
      freshRequest.requestId,
      freshRequest.officeId,
      employee.employeeId,
      freshRequest.caseId,
      freshRequest.caseReference,
      freshRequest.venueId,
      String(freshRequest.from),
      String(freshRequest.to),
      freshRequest.basis,
      freshRequest.reason,
      String(freshRequest.createdAt),
    ],
    freshRequest.signature,
  );
  const request = { ...freshRequest, signature: requestSigned.signature };
  await verifyDataRequest(root.publicRaw, certificate, request, CHECKED_AT);

  const revokedFingerprint = await signingKeyFingerprint(keyOf(REVOCATION.revokedKey).entry.publicKey);
  const freshRevocation = await issueRevocationState(identity.privateKey, {
    officeId: IDS.officeId,
    serial: REVOCATION.serial,
    issuedAt: REVOCATION.issuedAt,
    revoked: [revokedFingerprint],
  });
  const revocationSigned = await signatures.keep(
    'officeIdentity',
    'luca-next/v1/revocation-state',
    [freshRevocation.officeId, String(freshRevocation.serial), String(freshRevocation.issuedAt), '1', revokedFingerprint],
    freshRevocation.signature,
  );
  const revocation = { ...freshRevocation, signature: revocationSigned.signature };
  const verifiedRevocation = await verifyRevocationState(identity.publicKey, IDS.officeId, revocation, CHECKED_AT, REVOCATION.serial);
  agree(verifiedRevocation.revoked.has(revokedFingerprint), 'the revoked fingerprint');

  // The identity key rotated: the present key signs a request naming the next one; the root certifies it for the same office, later.
  const next = keyOf('officeIdentityNext');
  const freshRotation = await signRotationRequest(identity.privateKey, {
    officeId: IDS.officeId,
    currentKey: identity.entry.publicKey,
    nextKey: next.entry.publicKey,
    requestedAt: ROTATION.requestedAt,
  });
  const rotationSigned = await signatures.keep(
    'officeIdentity',
    'luca-next/v1/office-rotation-request',
    [freshRotation.officeId, freshRotation.currentKey, freshRotation.nextKey, String(freshRotation.requestedAt)],
    freshRotation.signature,
  );
  const rotationRequest = { ...freshRotation, signature: rotationSigned.signature };
  await verifyRotationRequest(certificate, rotationRequest);
  const freshNext = await issueOfficeCertificate(root.privateKey, {
    officeId: IDS.officeId,
    name: OFFICE.name,
    postcodes: [...OFFICE.postcodes],
    signingKey: next.entry.publicKey,
    notBefore: ROTATION.notBefore,
    notAfter: OFFICE.notBefore + OFFICE.validDays * DAY_MS,
  });
  const nextSigned = await keepOfficeCertificate(signatures, freshNext);
  const nextCertificate = { ...freshNext, signature: nextSigned.signature };
  agree(precedes(certificate, nextCertificate), 'the order of the office certificates');

  return {
    vectors: {
      checkedAt: CHECKED_AT,
      office: { certificate, signed: officeSigned },
      dailyKey: { key: 'officeDaily', record, publicKeySha256Hex: toHex(publicKeySha256), signed: dailySigned },
      employee: { certificate: employee, signed: employeeSigned },
      dataRequest: { request, signed: requestSigned },
      revocation: { state: revocation, revokedKey: REVOCATION.revokedKey, signed: revocationSigned },
      rotation: {
        request: rotationRequest,
        signed: rotationSigned,
        nextKey: 'officeIdentityNext',
        certificate: nextCertificate,
        certificateSigned: nextSigned,
      },
    },
    officeKey,
  };
}
