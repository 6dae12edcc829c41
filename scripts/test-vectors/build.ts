/**
 * docs/test-vectors.json from the fixed inputs (inputs.ts), made by the protocol code and checked
 * against PROTOCOL.md's own statement of each value on the way. `previous` is the file as it
 * stands: its signatures are kept where they still sign the same bytes (signatures.ts).
 */
import { type TestKey, type TestVectors } from '../../protocol/test-vectors-format.ts';
import { loadTestKeys, testKeyEntry } from '../../protocol/test-vectors-keys.ts';
import { buildAuditLog } from './audit.ts';
import { buildCertificates } from './certificates.ts';
import { ENCODE_FIELDS, TEST_KEYS } from './inputs.ts';
import { buildCheckIns, buildHybridVectors } from './sealing.ts';
import { buildSignatureEncoding } from './signature-encoding.ts';
import { Signatures } from './signatures.ts';
import { type KeyOf, encoded } from './support.ts';
import { buildTans } from './tan.ts';
import { buildVenue } from './venue.ts';
import { buildWarningFeed } from './warning-feed.ts';

const DESCRIPTION = [
  'Known-answer test vectors for the luca-next protocol, version 1 (docs/PROTOCOL.md, section "Test vectors", describes every field).',
  'TEST KEYS ONLY: every private key in this file was generated for this file and is published with it; never use one for anything else.',
  'Written by scripts/make-test-vectors.ts from fixed inputs and checked against the code by protocol/test-vectors.test.ts.',
  'Fields ending in Hex are bytes as lowercase hex; ids, public keys, signatures, hashes and envelopes are base64url (RFC 4648 section 5, no padding) as on the wire;',
  'keys are referred to by their name in "keys"; times are milliseconds since the epoch.',
  'ECDSA signatures are randomized: each one here is a valid signature (the script keeps it while its signed bytes stay the same); verify it, do not expect to reproduce it.',
  'Every signature is in its one valid encoding, s at most n / 2 ("signatureEncoding" shows the rule and encodings a verifier must refuse).',
].join(' ');

export async function buildTestVectors(previous: TestVectors | undefined): Promise<TestVectors> {
  const keyEntries: Record<string, TestKey> = {};
  for (const [name, fixed] of Object.entries(TEST_KEYS)) keyEntries[name] = await testKeyEntry(fixed.algorithm, fixed.jwk);
  const keys = await loadTestKeys(keyEntries);
  const keyOf: KeyOf = (name) => {
    const key = keys.get(name);
    if (!key) throw new Error(`test vectors: no key ${name}`);
    return key;
  };
  const signatures = new Signatures(keyOf, previous);
  const certificates = await buildCertificates(keyOf, signatures);
  const { venue, kiosk } = await buildVenue(keyOf, signatures);
  const auditLog = await buildAuditLog(keyOf, signatures);
  const firstEntry = auditLog.entries[0];
  if (!firstEntry) throw new Error('test vectors: an audit log without entries');
  return {
    description: DESCRIPTION,
    protocolVersion: 1,
    keys: keyEntries,
    encodeFields: ENCODE_FIELDS.map(({ label, fields }) => encoded(label, fields)),
    hybrid: await buildHybridVectors(keyOf),
    checkIns: await buildCheckIns(keyOf, certificates.officeKey),
    venue,
    tans: await buildTans(keyOf, certificates.officeKey),
    kiosk,
    auditLog,
    certificates: certificates.vectors,
    signatureEncoding: await buildSignatureEncoding(keys, firstEntry.signed),
    warningFeed: await buildWarningFeed(keyOf, signatures, certificates.vectors.employee.certificate),
  };
}
