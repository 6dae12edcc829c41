/**
 * One warning-feed entry: a warning signed by the vector employee, sealed for the vector venue and
 * the day of its window. The key, tag and body are computed here from PROTOCOL.md's statement
 * (SHA-256, HKDF, AES-GCM with WebCrypto), with the file's fixed nonce, and the code must agree:
 * its tag is the same, and it opens the body to the same warning.
 */
import { isDeepStrictEqual } from 'node:util';
import { concat, fromUtf8, sha256, toBase64Url, utf8 } from '../../protocol/bytes.ts';
import type { EmployeeCertificate } from '../../protocol/data-request.ts';
import { type TestVectors, fromHex, toHex } from '../../protocol/test-vectors-format.ts';
import { signWarning } from '../../protocol/warning.ts';
import { openFeedEntry, warningTag } from '../../protocol/warning-feed.ts';
import { DAY, IDS, WARNING } from './inputs.ts';
import type { Signatures } from './signatures.ts';
import { type KeyOf, agree, encoded } from './support.ts';

const PAD_BLOCK = 512;

export async function buildWarningFeed(
  keyOf: KeyOf,
  signatures: Signatures,
  employee: EmployeeCertificate,
): Promise<TestVectors['warningFeed']> {
  const { nonceHex, ...fields } = WARNING;
  const fresh = await signWarning(keyOf('employeeSigning').privateKey, employee, {
    ...fields,
    caseId: IDS.caseId,
    venueId: IDS.venueId,
    advice: { ...fields.advice },
    contact: { ...fields.contact },
    level: 2,
  });
  const signed = await signatures.keep(
    'employeeSigning',
    'luca-next/v1/warning',
    [
      fresh.warningId,
      fresh.officeId,
      employee.employeeId,
      fresh.caseId,
      fresh.venueId,
      String(fresh.from),
      String(fresh.to),
      String(fresh.level),
      fresh.advice.de,
      fresh.advice.en,
      fresh.contact.phone,
      fresh.contact.hours,
      String(fresh.createdAt),
    ],
    fresh.signature,
  );
  const warning = { ...fresh, signature: signed.signature };

  const tagInput = encoded('luca-next/v1/warning-tag', [IDS.venueId, DAY]);
  const tag = toBase64Url((await sha256(fromHex(tagInput.encodedHex))).slice(0, 16));
  agree(tag === (await warningTag(IDS.venueId, DAY)), 'the warning tag');
  const keyInput = encoded('luca-next/v1/warning-key', [IDS.venueId, DAY]);
  const ikm = await crypto.subtle.importKey('raw', fromHex(keyInput.encodedHex), 'HKDF', false, ['deriveBits']);
  const keyBytes = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8('luca-next/v1/warning-body') },
      ikm,
      256,
    ),
  );
  const associatedData = encoded('luca-next/v1/warning-entry', [tag, DAY]);
  const json = JSON.stringify({ v: 1, kind: 'warning', warning });
  const jsonBytes = utf8(json);
  const plaintext = new Uint8Array(Math.ceil((jsonBytes.length + 1) / PAD_BLOCK) * PAD_BLOCK).fill(0x20);
  plaintext.set(jsonBytes);
  const nonce = fromHex(nonceHex);
  const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt']);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: fromHex(associatedData.encodedHex) }, key, plaintext),
  );
  const body = toBase64Url(concat(nonce, ciphertext));
  const opened = await openFeedEntry(IDS.venueId, { tag, day: DAY, body });
  agree(isDeepStrictEqual(opened, JSON.parse(fromUtf8(jsonBytes))), 'the code opening the feed entry');
  return {
    venueId: IDS.venueId,
    day: DAY,
    signed,
    tagInput,
    tag,
    keyInput,
    keyHex: toHex(keyBytes),
    associatedData,
    nonceHex,
    json,
    plaintextHex: toHex(plaintext),
    body,
  };
}
