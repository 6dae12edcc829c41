/**
 * Certifying a rotated office identity key (PROTOCOL.md "Identity key rotation"), as
 * `npm run office:certify -- certify <officeId>` does when the office filed a rotation request:
 * the request must be signed by the certificate in force and be recent; the new certificate is for
 * the same office, name and postcodes, names the new key and begins after the old one (so devices
 * that saw it refuse the old one); the old certificate joins the office's previous ones, the
 * admins' `identity` grants are replaced by the `identity-next` grants the request sealed, the
 * records of days begun take the new key's signatures the request carried, and the request is
 * deleted. Kept apart from the CLI so Worker tests apply exactly these statements.
 */
import { fromBase64Url } from '../protocol/bytes.ts';
import { type DailyKey, type OfficeCertificate, issueOfficeCertificate, verifyDailyKey } from '../protocol/hierarchy.ts';
import { importPublicKey } from '../protocol/keys.ts';
import { IDENTITY_KEY_ID } from '../protocol/office-keyring.ts';
import {
  NEXT_IDENTITY_KEY_ID,
  ROTATION_REQUEST_MAX_AGE_MS,
  type RotationRequest,
  verifyRotationRequest,
} from '../protocol/office-rotation.ts';
import { DAY_MS, MINUTE_MS } from '../protocol/time.ts';

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

export async function rotationCertification(options: {
  current: OfficeCertificate;
  previous: readonly OfficeCertificate[];
  request: RotationRequest;
  /** The records of days begun the request carried, signed by the new key. */
  records: readonly DailyKey[];
  rootPrivate: CryptoKey;
  nowMs: number;
  validDays: number;
}): Promise<{ certificate: OfficeCertificate; statements: string[] }> {
  const { current, request, nowMs } = options;
  await verifyRotationRequest(current, request);
  if (nowMs - request.requestedAt > ROTATION_REQUEST_MAX_AGE_MS)
    throw new Error('The rotation request is older than 7 days: ask the office to file it again (Schlüssel erneuern).');
  const certificate = await issueOfficeCertificate(options.rootPrivate, {
    officeId: current.officeId,
    name: current.name,
    postcodes: current.postcodes,
    signingKey: request.nextKey,
    // Later than the certificate it replaces, whatever the clocks: that order is what devices pin.
    notBefore: Math.max(nowMs - MINUTE_MS, current.notBefore + 1),
    notAfter: nowMs + options.validDays * DAY_MS,
  });
  const officeId = literal(current.officeId);
  const nextOffice = {
    officeId: current.officeId,
    name: current.name,
    postcodes: current.postcodes,
    signingKey: await importPublicKey(fromBase64Url(request.nextKey), 'signing'),
    notAfter: certificate.notAfter,
  };
  // Checked again here: only a record the new key signed, for this office, takes the place of the stored one.
  for (const record of options.records) await verifyDailyKey(nextOffice, record, record.day);
  const statements = [
    // Only onto the certificate the request was checked against: a second certification in between wins alone.
    `UPDATE offices SET certificate = ${literal(JSON.stringify(certificate))}, previous_certificates = ${literal(
      JSON.stringify([...options.previous, current]),
    )} WHERE id = ${officeId} AND json_extract(certificate, '$.signingKey') = ${literal(current.signingKey)}`,
    `DELETE FROM office_key_grants WHERE office_id = ${officeId} AND key_id = ${literal(IDENTITY_KEY_ID)}`,
    `UPDATE office_key_grants SET key_id = ${literal(IDENTITY_KEY_ID)} WHERE office_id = ${officeId} AND key_id = ${literal(NEXT_IDENTITY_KEY_ID)}`,
    `DELETE FROM office_rotations WHERE office_id = ${officeId}`,
    // Days begun keep their keys (what was sealed to them must open), now signed by the new key, so
    // clients that fetch the new certificate go on sealing to today's key at once.
    ...options.records.map(
      (record) =>
        `UPDATE office_daily_keys SET record = ${literal(JSON.stringify(record))} WHERE office_id = ${officeId} AND key_id = ${literal(record.keyId)} AND json_extract(record, '$.publicKey') = ${literal(record.publicKey)}`,
    ),
  ];
  return { certificate, statements };
}
