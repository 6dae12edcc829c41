/**
 * docs/test-vectors.json against the code and against PROTOCOL.md. For every vector the
 * deterministic outputs are recomputed with the protocol functions and compared byte for byte
 * (so a change of any encoding fails here), recomputed once more from the document's own
 * description (so the file is one a second implementation can trust), ciphertexts are opened
 * with the file's private keys, signatures verified, and one flipped byte must be refused. Every
 * signature is in its one valid encoding (low s), and its re-encoding (r, n − s) is refused.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChainedAuditEntry, chainHash, genesisHash, linkAuditEntry, verifyAuditChain, verifyAuditSignature } from './audit-log.ts';
import { ProtocolError, concat, encodeFields, fromBase64Url, sha256, toBase64Url, utf8, type Bytes } from './bytes.ts';
import { type LayerSealer, checkInAssociatedData, checkoutHashOf, openInnerLayer, openOuterLayer, sealCheckInWith } from './checkin.ts';
import { issueEmployeeCertificate, signDataRequest, verifyDataRequest, verifyEmployeeCertificate } from './data-request.ts';
import { P256_HALF_ORDER, P256_ORDER, withNegatedS } from './ecdsa.ts';
import {
  type VerifiedDailyKey,
  fingerprint,
  issueDailyKey,
  issueOfficeCertificate,
  keyIdOf,
  verifiedKeyForDay,
  verifyOfficeCertificate,
} from './hierarchy.ts';
import { sealHistory } from './history.ts';
import { open, sealWithEphemeral } from './hybrid.ts';
import { traceSeal } from './hybrid-trace.ts';
import { checkKioskToken, kioskPeriod, KIOSK_PERIOD_MS } from './kiosk-code.ts';
import { issueRevocationState, verifyEmployeeActive, verifyRevocationState } from './revocation.ts';
import { checkCertificatePin, precedes, signRotationRequest, verifyRotationRequest } from './office-rotation.ts';
import { signFields, verifyFields } from './signing.ts';
import { TAN_ALPHABET, formatTan, parseTan, tanFromBytes, lookupHash, tanLookup, toCrockford } from './tan.ts';
import { type EncodedFields, type Sealing, type Signed, TestVectorsSchema, fromHex, toHex } from './test-vectors-format.ts';
import { type LoadedTestKey, loadTestKeys } from './test-vectors-keys.ts';
import { dayOf, floorToBucket } from './time.ts';
import { formatVenueCode, parseVenueCode, venueCode, venueCodeLookup, venueCodeMatches } from './venue-code.ts';
import { deriveVenueId, venueIdMatchesKeys } from './venue-id.ts';
import { decodeVenueQrPayload, encodeVenueQrPayload, parseVenueQrUrl, venueQrUrl, verifyVenueCard } from './venue.ts';
import { WarningSchema, signWarning } from './warning.ts';
import { openFeedEntry, sealFeedBody, warningTag } from './warning-feed.ts';

const ROOT = resolve(import.meta.dirname, '..');
const vectors = v.parse(TestVectorsSchema, JSON.parse(readFileSync(join(ROOT, 'docs/test-vectors.json'), 'utf8')));
const { certificates, venue, kiosk, auditLog, signatureEncoding } = vectors;

/** P-256's order n as PROTOCOL.md "Signatures" states it; a signature's s may be at most ⌊n / 2⌋. */
const ORDER_PER_DOCUMENT = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

let keys: ReadonlyMap<string, LoadedTestKey>;
beforeAll(async () => {
  keys = await loadTestKeys(vectors.keys);
});

/**
 * The daily key as a client holds it once verified (verifiedKeyForDay, checked under
 * "certificates"); taken from the record here, so that a change in the hierarchy fails those
 * tests only, and the sealing tests still say whether sealing changed.
 */
const officeKey: VerifiedDailyKey = {
  officeId: certificates.dailyKey.record.officeId,
  day: certificates.dailyKey.record.day,
  keyId: certificates.dailyKey.record.keyId,
  publicKey: fromBase64Url(certificates.dailyKey.record.publicKey),
};

function key(name: string): LoadedTestKey {
  const found = keys.get(name);
  if (!found) throw new Error(`the file names a key it does not hold: ${name}`);
  return found;
}

function pair(name: string): CryptoKeyPair {
  return { privateKey: key(name).privateKey, publicKey: key(name).publicKey };
}

/** A copy with one byte changed (every bit of it flipped). */
function flipped(bytes: Uint8Array, index: number): Bytes {
  if (index < 0 || index >= bytes.length) throw new Error(`no byte ${index} to flip in ${bytes.length}`);
  const out = new Uint8Array(bytes);
  out[index] = (out[index] ?? 0) ^ 0xff;
  return out;
}

function flippedText(base64url: string, index: number): string {
  return toBase64Url(flipped(fromBase64Url(base64url), index));
}

/** The ProtocolError code a call is refused with, or "accepted". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return error instanceof ProtocolError ? error.code : String(error);
  }
}

/** PROTOCOL.md "Field encoding", written out anew: each of label and fields as a 32-bit big-endian length and UTF-8. */
function fieldEncodingPerDocument(label: string, fields: readonly string[]): Bytes {
  return concat(
    ...[label, ...fields].flatMap((text) => {
      const bytes = utf8(text);
      const length = new Uint8Array(4);
      new DataView(length.buffer).setUint32(0, bytes.length, false);
      return [length, bytes];
    }),
  );
}

function expectEncoded(encoded: EncodedFields): void {
  expect(toHex(encodeFields(encoded.label, ...encoded.fields))).toBe(encoded.encodedHex);
  expect(toHex(fieldEncodingPerDocument(encoded.label, encoded.fields))).toBe(encoded.encodedHex);
}

/** WebCrypto alone, which accepts either s: a second implementation's check, and the proof that a re-encoding is valid ECDSA. */
async function rawVerify(publicKey: CryptoKey, signature: Bytes, data: Bytes): Promise<boolean> {
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, data);
}

/** PROTOCOL.md "Signatures": 1 ≤ r < n and 1 ≤ s ≤ ⌊n / 2⌋, r and s big-endian halves of the 64 bytes. */
function inItsOneEncoding(signature: Bytes): boolean {
  const r = BigInt(`0x${toHex(signature.subarray(0, 32))}`);
  const s = BigInt(`0x${toHex(signature.subarray(32))}`);
  return signature.length === 64 && r >= 1n && r < ORDER_PER_DOCUMENT && s >= 1n && s <= ORDER_PER_DOCUMENT / 2n;
}

/**
 * A signature of the file: its input encodes its fields, it verifies (with WebCrypto and with
 * signing.ts), it is low-s, and neither a flipped byte nor its re-encoding (r, n − s) verifies.
 */
async function expectSigned(signed: Signed): Promise<void> {
  expectEncoded({ label: signed.label, fields: signed.fields, encodedHex: signed.signingInputHex });
  const signer = key(signed.signer);
  expect(signer.entry.algorithm).toBe('ECDSA');
  const input = fromHex(signed.signingInputHex);
  const signature = fromBase64Url(signed.signature);
  expect(signature).toHaveLength(64);
  expect(await rawVerify(signer.publicKey, signature, input)).toBe(true);
  expect(await verifyFields(signer.publicRaw, signature, signed.label, ...signed.fields)).toBe(true);
  expect(inItsOneEncoding(signature)).toBe(true);
  const twin = withNegatedS(signature);
  expect(await rawVerify(signer.publicKey, twin, input)).toBe(true);
  expect(await verifyFields(signer.publicRaw, twin, signed.label, ...signed.fields)).toBe(false);
  expect(await rawVerify(signer.publicKey, flipped(signature, 10), input)).toBe(false);
  expect(await rawVerify(signer.publicKey, flipped(signature, 50), input)).toBe(false);
  expect(await rawVerify(signer.publicKey, signature, flipped(input, input.length - 1))).toBe(false);
}

/** The code signs exactly the file's signing input: a fresh signature of its over the same object verifies over it. */
async function expectCodeSignsInput(signed: Signed, freshSignature: string): Promise<void> {
  expect(await rawVerify(key(signed.signer).publicKey, fromBase64Url(freshSignature), fromHex(signed.signingInputHex))).toBe(true);
}

/** The seal's intermediate values, recomputed from PROTOCOL.md's steps with WebCrypto alone. */
async function expectSealSteps(sealing: Sealing): Promise<void> {
  const recipient = key(sealing.recipient);
  const ephemeral = key(sealing.ephemeral);
  expect([recipient.entry.algorithm, ephemeral.entry.algorithm]).toEqual(['ECDH', 'ECDH']);
  const trace = await traceSeal({
    recipientPublic: recipient.publicRaw,
    ephemeralPrivate: ephemeral.privateKey,
    ephemeralPublic: ephemeral.publicRaw,
    purpose: sealing.purpose,
    plaintext: fromHex(sealing.plaintextHex),
    associatedData: fromHex(sealing.associatedDataHex),
  });
  expect(sealing.hkdfSaltHex).toBe(ephemeral.entry.publicKeyHex + recipient.entry.publicKeyHex);
  expect(sealing.hkdfInfoHex).toBe(toHex(utf8(`luca-next/v1/${sealing.purpose}`)));
  expect({
    sharedSecretHex: toHex(trace.sharedSecret),
    hkdfSaltHex: toHex(trace.salt),
    hkdfInfoHex: toHex(trace.info),
    keyHex: toHex(trace.key),
    nonceHex: toHex(trace.nonce),
    envelope: toBase64Url(trace.envelope),
  }).toEqual({
    sharedSecretHex: sealing.sharedSecretHex,
    hkdfSaltHex: sealing.hkdfSaltHex,
    hkdfInfoHex: sealing.hkdfInfoHex,
    keyHex: sealing.keyHex,
    nonceHex: sealing.nonceHex,
    envelope: sealing.envelope,
  });
}

describe('test vectors: the file', () => {
  it('says that its keys are test keys only', () => {
    expect(vectors.description).toContain('TEST KEYS ONLY');
  });

  it('holds each key as a consistent JWK and public point', () => {
    for (const entry of Object.values(vectors.keys)) {
      expect(toHex(fromBase64Url(entry.publicKey))).toBe(entry.publicKeyHex);
      expect(entry.publicKeyHex).toBe(`04${toHex(fromBase64Url(entry.privateJwk.x))}${toHex(fromBase64Url(entry.privateJwk.y))}`);
    }
    expect(keys.size).toBe(Object.keys(vectors.keys).length);
  });

  it('names no key it does not hold, and each private key belongs to its public key', async () => {
    // ECDSA: sign and verify; ECDH: both directions of an agreement with another key give one secret.
    const other = key(vectors.hybrid[0]?.recipient ?? '');
    for (const [name, loaded] of keys) {
      if (loaded.entry.algorithm === 'ECDSA') {
        expect(
          await verifyFields(
            loaded.publicRaw,
            await signFields(loaded.privateKey, 'luca-next/v1/key-check', name),
            'luca-next/v1/key-check',
            name,
          ),
          name,
        ).toBe(true);
      } else {
        const mine = await crypto.subtle.deriveBits({ name: 'ECDH', public: other.publicKey }, loaded.privateKey, 256);
        const theirs = await crypto.subtle.deriveBits({ name: 'ECDH', public: loaded.publicKey }, other.privateKey, 256);
        expect(toHex(new Uint8Array(mine)), name).toBe(toHex(new Uint8Array(theirs)));
      }
    }
  });
});

describe('test vectors: field encoding', () => {
  it.each(vectors.encodeFields)('encodes $label with $fields', (encoded) => {
    expectEncoded(encoded);
  });
});

describe.each(vectors.hybrid)('test vectors: hybrid seal, $name', (vector) => {
  const plaintext = fromHex(vector.plaintextHex);
  const associatedData = fromHex(vector.associatedDataHex);
  const envelope = fromHex(vector.envelopeHex);

  it('is sealed by the code to exactly the envelope, given the ephemeral key', async () => {
    const sealed = await sealWithEphemeral(
      key(vector.recipient).publicRaw,
      plaintext,
      associatedData,
      vector.purpose,
      pair(vector.ephemeral),
    );
    expect(toHex(sealed)).toBe(vector.envelopeHex);
    expect(toBase64Url(sealed)).toBe(vector.envelope);
  });

  it("follows PROTOCOL.md's steps: shared secret, HKDF key and nonce, 0x01 ‖ ePub ‖ AES-GCM", async () => {
    await expectSealSteps(vector);
    expect(vector.envelopeHex.slice(0, 2)).toBe('01');
    expect(vector.envelopeHex.slice(2, 132)).toBe(key(vector.ephemeral).entry.publicKeyHex);
    expect(envelope.length).toBe(1 + 65 + plaintext.length + 16);
  });

  it('opens with the recipient key', async () => {
    const recipient = key(vector.recipient);
    expect(toHex(await open(recipient.privateKey, recipient.publicRaw, envelope, associatedData, vector.purpose))).toBe(
      vector.plaintextHex,
    );
  });

  it('refuses every flipped byte, other associated data and another purpose', async () => {
    const recipient = key(vector.recipient);
    for (let index = 0; index < envelope.length; index++) {
      expect(
        await outcome(open(recipient.privateKey, recipient.publicRaw, flipped(envelope, index), associatedData, vector.purpose)),
        `byte ${index}`,
      ).toBe('decryption_failed');
    }
    expect(
      await outcome(open(recipient.privateKey, recipient.publicRaw, envelope, concat(associatedData, Uint8Array.of(0)), vector.purpose)),
    ).toBe('decryption_failed');
    expect(await outcome(open(recipient.privateKey, recipient.publicRaw, envelope, associatedData, `${vector.purpose}x`))).toBe(
      'decryption_failed',
    );
  });
});

describe.each(vectors.checkIns)('test vectors: check-in, $name', (vector) => {
  const { input, inner, outer } = vector;
  const context = { id: input.id, venueId: input.venueId, day: vector.day, officeKeyId: vector.officeKeyId };

  it("binds both layers to PROTOCOL.md's associated data", () => {
    expect(vector.associatedData.label).toBe('luca-next/v1/checkin');
    expect(vector.associatedData.fields).toEqual([input.id, input.venueId, vector.day, vector.officeKeyId]);
    expectEncoded(vector.associatedData);
    expect(toHex(checkInAssociatedData(context))).toBe(vector.associatedData.encodedHex);
    expect([inner.associatedDataHex, outer.associatedDataHex]).toEqual([
      vector.associatedData.encodedHex,
      vector.associatedData.encodedHex,
    ]);
  });

  it('derives the day, the key id, the arrival bucket and the checkout hash', async () => {
    expect(vector.day).toBe(dayOf(input.arrivedAt));
    expect(vector.arrivalBucket).toBe(floorToBucket(input.arrivedAt));
    expect(vector.arrivalBucket % 300_000).toBe(0);
    expect(vector.officeKeyId).toBe(await keyIdOf(key(inner.recipient).publicRaw));
    expect(await checkoutHashOf(vector.checkoutSecret)).toBe(vector.checkoutHash);
    expect(toBase64Url(await sha256(utf8(vector.checkoutSecret)))).toBe(vector.checkoutHash);
  });

  it('is sealed by the code to exactly both layers, given the ephemeral keys', async () => {
    expect(inner.recipient).toBe(certificates.dailyKey.key);
    expect(key(outer.recipient).entry.publicKey).toBe(venue.card.encryptionKey);
    const layers = [inner, outer];
    const calls: { recipient: string; plaintext: string; associatedData: string; purpose: string; envelope: string }[] = [];
    const sealLayer: LayerSealer = async (recipientPublic, plaintext, associatedData, purpose) => {
      const layer = layers[calls.length];
      if (!layer) throw new Error('more than two layers');
      const envelope = await sealWithEphemeral(recipientPublic, plaintext, associatedData, purpose, pair(layer.ephemeral));
      calls.push({
        recipient: toBase64Url(recipientPublic),
        plaintext: toHex(plaintext),
        associatedData: toHex(associatedData),
        purpose,
        envelope: toBase64Url(envelope),
      });
      return envelope;
    };
    const sealed = await sealCheckInWith(sealLayer, { ...input, venueKey: key(outer.recipient).publicRaw, officeKey });
    expect(calls).toEqual(
      layers.map((layer) => ({
        recipient: key(layer.recipient).entry.publicKey,
        plaintext: layer.plaintextHex,
        associatedData: layer.associatedDataHex,
        purpose: layer.purpose,
        envelope: layer.envelope,
      })),
    );
    expect(sealed).toMatchObject({ ...context, arrivalBucket: vector.arrivalBucket, ciphertext: outer.envelope });
  });

  it("pads PROTOCOL.md's JSON with spaces: the inner to 1, 2, 4, 8 or 16 KiB, the outer to a size fixed by the inner's, under the purposes checkin-inner and checkin-outer", () => {
    expect([inner.purpose, outer.purpose]).toEqual(['checkin-inner', 'checkin-outer']);
    const optional = {
      ...(input.areaId === undefined ? {} : { areaId: input.areaId }),
      ...(input.reference === undefined ? {} : { reference: input.reference }),
    };
    const group = input.companions === undefined ? {} : { companions: input.companions };
    const party = input.companions === undefined ? {} : { party: 1 + input.companions.length };
    expect(JSON.parse(inner.json)).toEqual({ v: 1, contact: input.contact, ...group, arrivedAt: input.arrivedAt, ...optional });
    expect(JSON.parse(outer.json)).toEqual({ v: 1, arrivedAt: input.arrivedAt, ...optional, ...party, inner: inner.envelope });
    const innerSize = [1024, 2048, 4096, 8192, 16384].find((size) => size > utf8(inner.json).length) ?? Number.NaN;
    for (const [layer, size] of [
      [inner, innerSize],
      [outer, Math.ceil((Math.ceil(((innerSize + 82) * 4) / 3) + 768) / 256) * 256],
    ] as const) {
      const padded = new Uint8Array(size).fill(0x20);
      padded.set(utf8(layer.json));
      expect(layer.plaintextHex).toBe(toHex(padded));
    }
  });

  it("follows PROTOCOL.md's hybrid steps in both layers", async () => {
    await expectSealSteps(inner);
    await expectSealSteps(outer);
  });

  it('opens: the outer layer with the venue key, the inner with the daily key', async () => {
    const venueKey = key(outer.recipient);
    const dailyKey = key(inner.recipient);
    expect(await openOuterLayer(venueKey.privateKey, venueKey.publicRaw, context, outer.envelope)).toEqual(JSON.parse(outer.json));
    expect(await openInnerLayer(dailyKey.privateKey, dailyKey.publicRaw, context, inner.envelope)).toEqual(JSON.parse(inner.json));
  });

  it('refuses a flipped byte in either layer, and another check-in id, venue, day or key id', async () => {
    const venueKey = key(outer.recipient);
    const dailyKey = key(inner.recipient);
    // The version byte, the ephemeral key's first and last byte, the ciphertext's first, one inside, the tag's last.
    const positions = (envelope: string) => [0, 1, 65, 66, 200, fromBase64Url(envelope).length - 1];
    for (const index of positions(outer.envelope)) {
      expect(
        await outcome(openOuterLayer(venueKey.privateKey, venueKey.publicRaw, context, flippedText(outer.envelope, index))),
        `outer byte ${index}`,
      ).toBe('decryption_failed');
    }
    for (const index of positions(inner.envelope)) {
      expect(
        await outcome(openInnerLayer(dailyKey.privateKey, dailyKey.publicRaw, context, flippedText(inner.envelope, index))),
        `inner byte ${index}`,
      ).toBe('decryption_failed');
    }
    const other = 'AAAAAAAAAAAAAAAAAAAAAA';
    for (const changed of [{ id: other }, { venueId: other }, { day: '2026-03-15' }, { officeKeyId: other }]) {
      expect(await outcome(openOuterLayer(venueKey.privateKey, venueKey.publicRaw, { ...context, ...changed }, outer.envelope))).toBe(
        'decryption_failed',
      );
      expect(await outcome(openInnerLayer(dailyKey.privateKey, dailyKey.publicRaw, { ...context, ...changed }, inner.envelope))).toBe(
        'decryption_failed',
      );
    }
  });
});

describe('test vectors: venue card, QR code and venue code', () => {
  const { card, signed, code } = venue;

  it('signs the card over the fields PROTOCOL.md lists', async () => {
    expect(signed.label).toBe('luca-next/v1/venue-card');
    expect(signed.fields).toEqual([
      card.venueId,
      card.officeId,
      card.name,
      card.street,
      card.postcode,
      card.city,
      card.kind,
      String(card.defaultStayMinutes),
      JSON.stringify(card.areas.map((area) => [area.id, area.name])),
      card.encryptionKey,
      card.signingKey,
    ]);
    expect(signed.signature).toBe(card.signature);
    expect(key(signed.signer).entry.publicKey).toBe(card.signingKey);
    await expectSigned(signed);
  });

  it('pins the signing key by its fingerprint', async () => {
    const signingKey = fromBase64Url(card.signingKey);
    expect(venue.signingKeyPinInputHex).toBe(toHex(concat(utf8('luca-next/v1/fingerprint'), signingKey)));
    expect(toBase64Url((await sha256(fromHex(venue.signingKeyPinInputHex))).slice(0, 16))).toBe(venue.signingKeyPin);
    expect(await fingerprint(signingKey)).toBe(venue.signingKeyPin);
  });

  it.each(venue.qr)('writes the QR payload and link (area $areaId) as the code does', async (qr) => {
    const pinned = {
      venueId: card.venueId,
      officeId: card.officeId,
      encryptionKey: card.encryptionKey,
      signingKeyPin: venue.signingKeyPin,
      areaId: qr.areaId,
    };
    expect(qr.payload).toBe(
      ['1', card.venueId, card.officeId, card.encryptionKey, venue.signingKeyPin, ...(qr.areaId === undefined ? [] : [qr.areaId])].join(
        '.',
      ),
    );
    expect(encodeVenueQrPayload(pinned)).toBe(qr.payload);
    expect(venueQrUrl(venue.origin, pinned)).toBe(qr.url);
    expect(qr.url).toBe(`${venue.origin}/c#${qr.payload}`);
    expect(parseVenueQrUrl(qr.url, venue.origin)).toEqual(pinned);
    const verified = await verifyVenueCard(card, decodeVenueQrPayload(qr.payload));
    expect(verified.area?.id).toBe(qr.areaId);
  });

  it('refuses the card with a flipped signature byte, another field, or a pin one byte off', async () => {
    const pinned = decodeVenueQrPayload(venue.qr[0]?.payload ?? '');
    expect(await outcome(verifyVenueCard({ ...card, signature: flippedText(card.signature, 5) }, pinned))).toBe('bad_signature');
    expect(await outcome(verifyVenueCard({ ...card, name: `${card.name}!` }, pinned))).toBe('bad_signature');
    expect(await outcome(verifyVenueCard(card, { ...pinned, signingKeyPin: flippedText(pinned.signingKeyPin, 0) }))).toBe('bad_key');
  });

  it('derives the venue id from the office and the keys', async () => {
    const raw = [card.officeId, card.encryptionKey, card.signingKey].map(fromBase64Url);
    expect(venue.idInputHex).toBe(toHex(concat(utf8('luca-next/v1/venue-id'), ...raw)));
    expect(card.venueId).toBe(toBase64Url((await sha256(fromHex(venue.idInputHex))).slice(0, 16)));
    expect(await deriveVenueId(card)).toBe(card.venueId);
    expect(await venueIdMatchesKeys(card.venueId, { ...card, signingKey: card.encryptionKey })).toBe(false);
  });

  it('derives the venue code: lookup from the id, pin from the hash of ids and keys', async () => {
    const raw = [card.venueId, card.officeId, card.encryptionKey, card.signingKey].map(fromBase64Url);
    expect(code.pinInputHex).toBe(toHex(concat(utf8('luca-next/v1/venue-code'), ...raw)));
    expect(code.lookup).toBe(toCrockford(fromBase64Url(card.venueId).slice(0, 5)));
    expect(code.pin).toBe(toCrockford((await sha256(fromHex(code.pinInputHex))).slice(0, 5)));
    expect(venueCodeLookup(card.venueId)).toBe(code.lookup);
    expect(await venueCode(card)).toBe(code.code);
    expect(code.code).toBe(code.lookup + code.pin);
    expect(formatVenueCode(code.code)).toBe(code.formatted);
    expect(parseVenueCode(code.formatted.toLowerCase())).toEqual({ lookup: code.lookup, pin: code.pin });
    expect(await venueCodeMatches(card, { lookup: code.lookup, pin: code.pin })).toBe(true);
  });

  it('refuses the venue code for another signing key or a pin one symbol off', async () => {
    const otherKey = key(certificates.office.signed.signer).entry.publicKey;
    expect(await venueCodeMatches({ ...card, signingKey: otherKey }, { lookup: code.lookup, pin: code.pin })).toBe(false);
    const offByOne = TAN_ALPHABET.charAt((TAN_ALPHABET.indexOf(code.pin.charAt(0)) + 1) % 32) + code.pin.slice(1);
    expect(await venueCodeMatches(card, { lookup: code.lookup, pin: offByOne })).toBe(false);
  });
});

/** Luhn mod 32 as usually described: from the right, every second value doubled and its base-32 digits added. */
function luhnCheckSymbol(data: string): string {
  let sum = 0;
  Array.from(data)
    .reverse()
    .forEach((symbol, position) => {
      const value = TAN_ALPHABET.indexOf(symbol) * (position % 2 === 0 ? 2 : 1);
      sum += Math.floor(value / 32) + (value % 32);
    });
  return TAN_ALPHABET.charAt((32 - (sum % 32)) % 32);
}

describe.each(vectors.tans)('test vectors: TAN $formatted', (vector) => {
  it('takes one symbol from the low 5 bits of each random byte and adds a Luhn mod 32 check symbol', () => {
    const bytes = fromHex(vector.randomBytesHex);
    expect(vector.dataSymbols).toBe(Array.from(bytes, (byte) => TAN_ALPHABET.charAt(byte & 31)).join(''));
    expect(vector.checkSymbol).toBe(luhnCheckSymbol(vector.dataSymbols));
    expect(vector.tan).toBe(vector.dataSymbols + vector.checkSymbol);
    expect(tanFromBytes(bytes)).toBe(vector.tan);
    expect(formatTan(vector.tan)).toBe(vector.formatted);
  });

  it('reads the typed spellings as the TAN and refuses the typos', async () => {
    for (const typed of vector.typed) expect(parseTan(typed)).toBe(vector.tan);
    expect(vector.typos.length).toBeGreaterThan(0);
    for (const typo of vector.typos) expect(await outcome(Promise.resolve().then(() => parseTan(typo))), typo).toBe('bad_tan');
  });

  it('tells the server only the lookup part: "luca-next/v1/tan-lookup:" ‖ first 6 symbols, hashed', async () => {
    expect(vector.lookup).toBe(vector.tan.slice(0, 6));
    expect(tanLookup(vector.tan)).toBe(vector.lookup);
    expect(vector.lookup + vector.secretSymbols).toBe(vector.dataSymbols);
    expect(vector.secretSymbols).toHaveLength(5);
    expect(vector.hashInput).toBe(`luca-next/v1/tan-lookup:${vector.lookup}`);
    expect(toBase64Url(await sha256(utf8(vector.hashInput)))).toBe(vector.lookupHash);
    expect(await lookupHash(vector.lookup)).toBe(vector.lookupHash);
  });

  it('binds a shared history to the TAN’s secret part: the code seals under the associated data the file shows', async () => {
    const { associatedData } = vector.history;
    expect(associatedData.label).toBe('luca-next/v1/history');
    expect(associatedData.fields).toEqual([officeKey.officeId, officeKey.keyId, vector.secretSymbols]);
    expectEncoded(associatedData);
    const daily = key(vector.history.officeDailyKey);
    const envelope = fromBase64Url(await sealHistory(officeKey, vector.secretSymbols, [], certificates.checkedAt));
    const ad = fromHex(associatedData.encodedHex);
    expect(JSON.parse(new TextDecoder().decode(await open(daily.privateKey, daily.publicRaw, envelope, ad, 'history')))).toEqual({
      v: 1,
      sharedAt: certificates.checkedAt,
      visits: [],
    });
    expect(await outcome(open(daily.privateKey, daily.publicRaw, envelope, flipped(ad, ad.length - 1), 'history'))).toBe(
      'decryption_failed',
    );
  });
});

describe('test vectors: kiosk code', () => {
  const token = { period: kiosk.period, signature: kiosk.signed.signature };

  it('signs the venue id and the minute', async () => {
    expect(kioskPeriod(kiosk.now)).toBe(kiosk.period);
    expect(kiosk.period).toBe(Math.floor(kiosk.now / 60_000));
    expect(kiosk.signed.label).toBe('luca-next/v1/kiosk-code');
    expect(kiosk.signed.fields).toEqual([venue.card.venueId, String(kiosk.period)]);
    expect(key(kiosk.signed.signer).entry.publicKey).toBe(venue.card.signingKey);
    await expectSigned(kiosk.signed);
  });

  it('appends ~period.signature to the QR payload', () => {
    expect(kiosk.token).toBe(`~${kiosk.period}.${kiosk.signed.signature}`);
    const pinned = decodeVenueQrPayload(venue.qr[0]?.payload ?? '');
    expect(kiosk.qrPayload).toBe(`${venue.qr[0]?.payload}${kiosk.token}`);
    expect(encodeVenueQrPayload({ ...pinned, kiosk: token })).toBe(kiosk.qrPayload);
    expect(decodeVenueQrPayload(kiosk.qrPayload).kiosk).toEqual(token);
  });

  it('is fresh then, stale three minutes on, forged with a flipped byte or for another venue', async () => {
    const { signingKey, venueId } = venue.card;
    expect(await checkKioskToken(signingKey, venueId, token, kiosk.now)).toBe('fresh');
    expect(await checkKioskToken(signingKey, venueId, token, kiosk.now + 3 * KIOSK_PERIOD_MS)).toBe('stale');
    expect(await checkKioskToken(signingKey, venueId, { ...token, signature: flippedText(token.signature, 33) }, kiosk.now)).toBe('forged');
    expect(await checkKioskToken(signingKey, 'AAAAAAAAAAAAAAAAAAAAAA', token, kiosk.now)).toBe('forged');
    expect(await checkKioskToken(signingKey, venueId, { ...token, period: token.period + 1 }, kiosk.now)).toBe('forged');
  });
});

describe('test vectors: audit log', () => {
  const entries: ChainedAuditEntry[] = auditLog.entries.map(({ entry }) => entry);
  const actorKey = (actor: { id: string }) => {
    const signer = auditLog.entries.find(({ entry }) => entry.actor.id === actor.id)?.signed.signer;
    return signer === undefined ? undefined : key(signer).publicRaw;
  };

  it('starts the chain at the hash of the office id', async () => {
    expect(auditLog.genesis.input).toMatchObject({ label: 'luca-next/v1/audit-genesis', fields: [auditLog.officeId] });
    expectEncoded(auditLog.genesis.input);
    expect(toBase64Url(await sha256(fromHex(auditLog.genesis.input.encodedHex)))).toBe(auditLog.genesis.hash);
    expect(await genesisHash(auditLog.officeId)).toBe(auditLog.genesis.hash);
  });

  it.each(auditLog.entries)('signs entry $entry.seq ($entry.kind) over the fields PROTOCOL.md lists', async ({ signed, entry }) => {
    expect(signed.label).toBe('luca-next/v1/audit-entry');
    expect(signed.fields).toEqual([
      entry.officeId,
      entry.kind,
      entry.caseId,
      entry.venueId,
      entry.requestId,
      entry.detail,
      String(entry.at),
      entry.actor.type,
      entry.actor.id,
    ]);
    expect(signed.signature).toBe(entry.signature);
    await expectSigned(signed);
    expect(await verifyAuditSignature(entry, key(signed.signer).publicRaw)).toBe(true);
    expect(await verifyAuditSignature({ ...entry, signature: flippedText(entry.signature, 0) }, key(signed.signer).publicRaw)).toBe(false);
  });

  it.each(auditLog.entries)('links entry $entry.seq to the one before by its hash', async ({ chainInput, entry }) => {
    const index = entries.indexOf(entry);
    expect(entry.seq).toBe(index + 1);
    expect(entry.prevHash).toBe(index === 0 ? auditLog.genesis.hash : entries[index - 1]?.hash);
    expect(chainInput.label).toBe('luca-next/v1/audit-chain');
    expect(chainInput.fields).toEqual([
      entry.prevHash,
      String(entry.seq),
      entry.officeId,
      entry.kind,
      entry.caseId,
      entry.venueId,
      entry.requestId,
      entry.detail,
      String(entry.at),
      entry.actor.type,
      entry.actor.id,
      entry.signature,
    ]);
    expectEncoded(chainInput);
    expect(toBase64Url(await sha256(fromHex(chainInput.encodedHex)))).toBe(entry.hash);
    expect(await chainHash(entry.prevHash, entry.seq, entry)).toBe(entry.hash);
    const { seq: _seq, prevHash: _prevHash, hash: _hash, ...signedEntry } = entry;
    const head = index === 0 ? undefined : entries[index - 1];
    expect(await linkAuditEntry(signedEntry, head)).toEqual(entry);
  });

  it('verifies as a whole, and finds a changed detail, a flipped signature byte and a broken link', async () => {
    expect(entries).toHaveLength(2);
    const last = entries[1];
    const first = entries[0];
    if (!first || !last) throw new Error('two entries expected');
    expect(await verifyAuditChain(auditLog.officeId, entries, actorKey)).toEqual({ intact: true, head: { seq: 2, hash: last.hash } });
    expect(await verifyAuditChain(auditLog.officeId, [{ ...first, detail: `${first.detail}.` }, last], actorKey)).toEqual({
      intact: false,
      seq: 1,
      problem: 'changed',
    });
    expect(await verifyAuditChain(auditLog.officeId, [first, { ...last, signature: flippedText(last.signature, 7) }], actorKey)).toEqual({
      intact: false,
      seq: 2,
      problem: 'changed',
    });
    expect(await verifyAuditChain(auditLog.officeId, [first, { ...last, prevHash: flippedText(last.prevHash, 0) }], actorKey)).toEqual({
      intact: false,
      seq: 2,
      problem: 'not_linked',
    });
  });
});

describe('test vectors: certificates', () => {
  const office = certificates.office.certificate;
  const record = certificates.dailyKey.record;
  const employee = certificates.employee.certificate;
  const request = certificates.dataRequest.request;
  const root = () => key(certificates.office.signed.signer);
  const identity = () => key(certificates.dailyKey.signed.signer);

  it('root → office certificate, over the fields PROTOCOL.md lists', async () => {
    const { signed } = certificates.office;
    expect(signed.label).toBe('luca-next/v1/office-certificate');
    expect(signed.fields).toEqual([
      office.officeId,
      office.name,
      JSON.stringify(office.postcodes),
      office.signingKey,
      String(office.notBefore),
      String(office.notAfter),
    ]);
    expect(signed.signature).toBe(office.signature);
    await expectSigned(signed);
    const { signature: _signature, v: _v, ...unsigned } = office;
    await expectCodeSignsInput(signed, (await issueOfficeCertificate(root().privateKey, unsigned)).signature);
  });

  it('office identity → daily key, its id derived from the key', async () => {
    const { signed } = certificates.dailyKey;
    const daily = key(certificates.dailyKey.key);
    expect(key(signed.signer).entry.publicKey).toBe(office.signingKey);
    expect(record.publicKey).toBe(daily.entry.publicKey);
    expect(toHex(await sha256(daily.publicRaw))).toBe(certificates.dailyKey.publicKeySha256Hex);
    expect(record.keyId).toBe(toBase64Url(fromHex(certificates.dailyKey.publicKeySha256Hex).slice(0, 16)));
    expect(await keyIdOf(daily.publicRaw)).toBe(record.keyId);
    expect(signed.label).toBe('luca-next/v1/office-daily-key');
    expect(signed.fields).toEqual([record.officeId, record.day, record.publicKey]);
    expect(signed.signature).toBe(record.signature);
    await expectSigned(signed);
    await expectCodeSignsInput(
      signed,
      (await issueDailyKey(identity().privateKey, record.officeId, record.day, daily.publicKey)).signature,
    );
  });

  it('office identity → employee certificate, device key and role after notAfter', async () => {
    const { signed } = certificates.employee;
    expect(key(signed.signer).entry.publicKey).toBe(office.signingKey);
    expect(signed.label).toBe('luca-next/v1/employee-certificate');
    expect(signed.fields).toEqual([
      employee.officeId,
      employee.employeeId,
      employee.name,
      employee.signingKey,
      String(employee.notBefore),
      String(employee.notAfter),
      employee.deviceKey,
      employee.role,
    ]);
    expect(signed.signature).toBe(employee.signature);
    await expectSigned(signed);
    const signingKey = key(certificates.dataRequest.signed.signer);
    expect(signingKey.entry.publicKey).toBe(employee.signingKey);
    const { signature: _signature, v: _v, ...unsigned } = employee;
    await expectCodeSignsInput(
      signed,
      (await issueEmployeeCertificate(identity().privateKey, { ...unsigned, signingKey: signingKey.publicKey })).signature,
    );
  });

  it('employee → data request', async () => {
    const { signed } = certificates.dataRequest;
    expect(signed.label).toBe('luca-next/v1/data-request');
    expect(signed.fields).toEqual([
      request.requestId,
      request.officeId,
      employee.employeeId,
      request.caseId,
      request.caseReference,
      request.venueId,
      String(request.from),
      String(request.to),
      request.basis,
      request.reason,
      String(request.createdAt),
    ]);
    expect(signed.signature).toBe(request.signature);
    expect(request.employee).toEqual(employee);
    await expectSigned(signed);
    const { signature: _signature, v: _v, employee: _employee, officeId: _officeId, ...unsigned } = request;
    await expectCodeSignsInput(signed, (await signDataRequest(key(signed.signer).privateKey, employee, unsigned)).signature);
  });

  it('verifies up to the root with the code at checkedAt', async () => {
    expect(
      await verifiedKeyForDay(
        root().publicRaw,
        { certificate: office, dailyKeys: [record] },
        office.officeId,
        record.day,
        certificates.checkedAt,
      ),
    ).toEqual({
      officeId: office.officeId,
      day: record.day,
      keyId: record.keyId,
      publicKey: key(certificates.dailyKey.key).publicRaw,
    });
    expect(await verifyEmployeeCertificate(identity().publicKey, employee)).toBe(true);
    expect((await verifyDataRequest(root().publicRaw, office, request, certificates.checkedAt)).employeeName).toBe(employee.name);
  });

  it('refuses each with a flipped signature byte or a changed field', async () => {
    const verifyKey = (certificate: typeof office, dailyKey: typeof record) =>
      verifiedKeyForDay(root().publicRaw, { certificate, dailyKeys: [dailyKey] }, office.officeId, record.day, certificates.checkedAt);
    expect(await outcome(verifyKey({ ...office, signature: flippedText(office.signature, 3) }, record))).toBe('bad_signature');
    expect(await outcome(verifyKey({ ...office, postcodes: [...office.postcodes, '10119'] }, record))).toBe('bad_signature');
    expect(await outcome(verifyKey(office, { ...record, signature: flippedText(record.signature, 40) }))).toBe('bad_signature');
    expect(await verifyEmployeeCertificate(identity().publicKey, { ...employee, signature: flippedText(employee.signature, 63) })).toBe(
      false,
    );
    expect(
      await verifyEmployeeCertificate(identity().publicKey, { ...employee, role: employee.role === 'admin' ? 'member' : 'admin' }),
    ).toBe(false);
    expect(
      await outcome(
        verifyDataRequest(root().publicRaw, office, { ...request, signature: flippedText(request.signature, 20) }, certificates.checkedAt),
      ),
    ).toBe('bad_signature');
    expect(
      await outcome(verifyDataRequest(root().publicRaw, office, { ...request, reason: `${request.reason} ` }, certificates.checkedAt)),
    ).toBe('bad_signature');
  });
});

describe('test vectors: identity key rotation', () => {
  const { request, signed, nextKey, certificate, certificateSigned } = certificates.rotation;
  const office = certificates.office.certificate;

  it('present identity key → rotation request naming the next key, over its labelled fields', async () => {
    expect(signed.label).toBe('luca-next/v1/office-rotation-request');
    expect(signed.signer).toBe(certificates.dailyKey.signed.signer);
    expect(signed.fields).toEqual([request.officeId, request.currentKey, request.nextKey, String(request.requestedAt)]);
    expect(signed.signature).toBe(request.signature);
    expect(request.currentKey).toBe(office.signingKey);
    expect(request.nextKey).toBe(key(nextKey).entry.publicKey);
    await expectSigned(signed);
    await verifyRotationRequest(office, request);
    const { signature: _signature, v: _v, ...unsigned } = request;
    await expectCodeSignsInput(signed, (await signRotationRequest(key(signed.signer).privateKey, unsigned)).signature);
  });

  it('root → the next certificate: the same office, the next key, beginning after the request', async () => {
    expect(certificateSigned.signer).toBe('root');
    expect(certificateSigned.signature).toBe(certificate.signature);
    await expectSigned(certificateSigned);
    expect({ ...certificate, signingKey: office.signingKey, notBefore: office.notBefore, signature: office.signature }).toEqual(office);
    expect(certificate.signingKey).toBe(request.nextKey);
    expect(certificate.notBefore).toBeGreaterThan(request.requestedAt);
    await verifyOfficeCertificate(key('root').publicRaw, certificate, certificate.notBefore);
    expect(precedes(office, certificate)).toBe(true);
  });

  it('orders the certificates on a device: once the next one is pinned, the previous is refused', async () => {
    const pin = (cert: typeof office) => ({ notBefore: cert.notBefore, signingKey: cert.signingKey });
    expect(() => checkCertificatePin(pin(office), certificate)).not.toThrow();
    expect(() => checkCertificatePin(pin(certificate), office)).toThrow(ProtocolError);
    // A request another key signed, or one that names the present key again, is refused.
    expect(await outcome(verifyRotationRequest(office, { ...request, nextKey: request.currentKey }))).toBe('bad_key');
    expect(await outcome(verifyRotationRequest(office, { ...request, requestedAt: request.requestedAt + 1 }))).toBe('bad_signature');
  });
});

describe('test vectors: revocation state', () => {
  const { state, revokedKey, signed } = certificates.revocation;
  const identity = () => key(certificates.dailyKey.signed.signer);
  const employee = certificates.employee.certificate;

  it('office identity → revocation state, over the fingerprints of the revoked signing keys', async () => {
    expect(signed.label).toBe('luca-next/v1/revocation-state');
    expect(signed.signer).toBe(certificates.dailyKey.signed.signer);
    expect(signed.fields).toEqual([
      state.officeId,
      String(state.serial),
      String(state.issuedAt),
      String(state.revoked.length),
      ...state.revoked,
    ]);
    expect(signed.signature).toBe(state.signature);
    await expectSigned(signed);
    // The fingerprint as the document states it: SHA-256("luca-next/v1/fingerprint" ‖ key bytes), first 16 bytes, base64url.
    const keyBytes = fromBase64Url(key(revokedKey).entry.publicKey);
    const documented = toBase64Url((await sha256(concat(utf8('luca-next/v1/fingerprint'), keyBytes))).slice(0, 16));
    expect(state.revoked).toEqual([documented]);
    expect(await fingerprint(keyBytes)).toBe(documented);
    expect(key(revokedKey).entry.publicKey).toBe(employee.signingKey);
    const { signature: _signature, v: _v, ...unsigned } = state;
    await expectCodeSignsInput(signed, (await issueRevocationState(identity().privateKey, unsigned)).signature);
  });

  it('verifies under the office identity key, refuses the revoked employee, and refuses a flipped byte or a rollback', async () => {
    const verified = await verifyRevocationState(identity().publicKey, state.officeId, state, certificates.checkedAt, 0);
    expect(await outcome(verifyEmployeeActive(verified, employee, certificates.checkedAt))).toBe('revoked');
    expect(
      await outcome(
        verifyRevocationState(
          identity().publicKey,
          state.officeId,
          { ...state, signature: flippedText(state.signature, 11) },
          certificates.checkedAt,
          0,
        ),
      ),
    ).toBe('bad_signature');
    expect(
      await outcome(verifyRevocationState(identity().publicKey, state.officeId, { ...state, revoked: [] }, certificates.checkedAt, 0)),
    ).toBe('bad_signature');
    expect(
      await outcome(verifyRevocationState(identity().publicKey, state.officeId, state, certificates.checkedAt, state.serial + 1)),
    ).toBe('rolled_back');
  });
});

describe('test vectors: one encoding per signature', () => {
  it("states PROTOCOL.md's n and ⌊n / 2⌋, as the code holds them", () => {
    expect(BigInt(`0x${signatureEncoding.orderHex}`)).toBe(ORDER_PER_DOCUMENT);
    expect(BigInt(`0x${signatureEncoding.halfOrderHex}`)).toBe(ORDER_PER_DOCUMENT / 2n);
    expect([P256_ORDER, P256_HALF_ORDER]).toEqual([ORDER_PER_DOCUMENT, ORDER_PER_DOCUMENT / 2n]);
  });

  it("splits the first audit entry's signature into r and s, s at most ⌊n / 2⌋", async () => {
    const { signed, rHex, sHex } = signatureEncoding;
    expect(signed).toEqual(auditLog.entries[0]?.signed);
    expect(toHex(fromBase64Url(signed.signature))).toBe(rHex + sHex);
    expect(BigInt(`0x${sHex}`) <= ORDER_PER_DOCUMENT / 2n).toBe(true);
    await expectSigned(signed);
  });

  it('refuses each other encoding over the same bytes, (r, n − s) although plain ECDSA accepts it, as a wrong signature', async () => {
    const { signed, rHex, sHex, refused } = signatureEncoding;
    const [r, s] = [BigInt(`0x${rHex}`), BigInt(`0x${sHex}`)];
    const hex32 = (value: bigint) => value.toString(16).padStart(64, '0');
    const n = ORDER_PER_DOCUMENT;
    expect(refused.map((entry) => toHex(fromBase64Url(entry.signature)))).toEqual([
      hex32(r) + hex32(n - s),
      hex32(0n) + hex32(s),
      hex32(r) + hex32(0n),
      hex32(n) + hex32(s),
      hex32(r) + hex32(n),
    ]);
    const signer = key(signed.signer);
    const input = fromHex(signed.signingInputHex);
    const [twin] = refused;
    expect(twin && (await rawVerify(signer.publicKey, fromBase64Url(twin.signature), input))).toBe(true);
    for (const { case: what, signature } of refused) {
      expect(inItsOneEncoding(fromBase64Url(signature)), what).toBe(false);
      expect(await verifyFields(signer.publicRaw, fromBase64Url(signature), signed.label, ...signed.fields), what).toBe(false);
      const entry = auditLog.entries[0]?.entry;
      if (entry) expect(await verifyAuditSignature({ ...entry, signature }, signer.publicRaw), what).toBe(false);
    }
  });

  it('states every other signature, wherever it stands in the file, in its one encoding', () => {
    const found: string[] = [];
    const walk = (value: unknown, inRefused: boolean): void => {
      if (Array.isArray(value)) for (const item of value) walk(item, inRefused);
      else if (value !== null && typeof value === 'object')
        for (const [name, member] of Object.entries(value)) {
          if (name === 'signature' && typeof member === 'string' && !inRefused) found.push(member);
          walk(member, inRefused || name === 'refused');
        }
    };
    walk(vectors, false);
    found.push(kiosk.token.slice(kiosk.token.indexOf('.') + 1));
    expect(found.length).toBeGreaterThan(15);
    expect(found.filter((signature) => !inItsOneEncoding(fromBase64Url(signature)))).toEqual([]);
  });
});

describe('test vectors: the seams stay with the tests', () => {
  // Production code must draw a fresh ephemeral key for every seal: only hybrid.ts and checkin.ts
  // (which pass `seal` into them) may name the entry points that take one from the caller.
  it('no production file but hybrid.ts and checkin.ts names sealWithEphemeral or sealCheckInWith', () => {
    const namers: string[] = [];
    for (const dir of ['protocol', 'web', 'worker', 'widget']) {
      for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ts|js|mjs)$/.test(file) || /\.test\.ts$/.test(file) || file.includes('node_modules')) continue;
        const path = join(ROOT, dir, file);
        if (/\b(sealWithEphemeral|sealCheckInWith)\b/.test(readFileSync(path, 'utf8'))) namers.push(relative(ROOT, path));
      }
    }
    expect(namers.sort()).toEqual(['protocol/checkin.ts', 'protocol/hybrid.ts']);
  });
});

describe('test vectors: warning feed entry', () => {
  const feed = vectors.warningFeed;

  it('signs the warning over its labelled fields with the employee’s key', async () => {
    await expectSigned(feed.signed);
    const { warning } = v.parse(
      v.strictObject({ v: v.literal(1), kind: v.literal('warning'), warning: WarningSchema }),
      JSON.parse(feed.json),
    );
    expect(feed.signed.signer).toBe('employeeSigning');
    expect(warning.signature).toBe(feed.signed.signature);
    expect(warning.employee).toEqual(certificates.employee.certificate);
    expect(feed.signed.fields[0]).toBe(warning.warningId);
    await expectCodeSignsInput(feed.signed, (await signWarning(key('employeeSigning').privateKey, warning.employee, warning)).signature);
  });

  it("derives PROTOCOL.md's tag and key from the venue id and the day", async () => {
    expect(feed.tagInput).toMatchObject({ label: 'luca-next/v1/warning-tag', fields: [feed.venueId, feed.day] });
    expect(feed.keyInput).toMatchObject({ label: 'luca-next/v1/warning-key', fields: [feed.venueId, feed.day] });
    expect(feed.associatedData).toMatchObject({ label: 'luca-next/v1/warning-entry', fields: [feed.tag, feed.day] });
    for (const encoded of [feed.tagInput, feed.keyInput, feed.associatedData]) expectEncoded(encoded);
    expect(toBase64Url((await sha256(fromHex(feed.tagInput.encodedHex))).slice(0, 16))).toBe(feed.tag);
    expect(await warningTag(feed.venueId, feed.day)).toBe(feed.tag);
    const ikm = await crypto.subtle.importKey('raw', fromHex(feed.keyInput.encodedHex), 'HKDF', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8('luca-next/v1/warning-body') },
      ikm,
      256,
    );
    expect(toHex(new Uint8Array(bits))).toBe(feed.keyHex);
  });

  it('pads the JSON with spaces to a multiple of 512 bytes and seals it with AES-GCM under the fixed nonce', async () => {
    const json = utf8(feed.json);
    const padded = new Uint8Array(Math.ceil((json.length + 1) / 512) * 512).fill(0x20);
    padded.set(json);
    expect(feed.plaintextHex).toBe(toHex(padded));
    const aes = await crypto.subtle.importKey('raw', fromHex(feed.keyHex), 'AES-GCM', false, ['encrypt']);
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: fromHex(feed.nonceHex), additionalData: fromHex(feed.associatedData.encodedHex) },
      aes,
      padded,
    );
    expect(toBase64Url(concat(fromHex(feed.nonceHex), new Uint8Array(sealed)))).toBe(feed.body);
  });

  it('is opened by the code with the venue id, and by no other venue id or day', async () => {
    const entry = { tag: feed.tag, day: feed.day, body: feed.body };
    expect(await openFeedEntry(feed.venueId, entry)).toEqual(JSON.parse(feed.json));
    await expect(
      openFeedEntry(venue.card.venueId === feed.venueId ? 'AAAAAAAAAAAAAAAAAAAAAA' : venue.card.venueId, entry),
    ).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    await expect(openFeedEntry(feed.venueId, { ...entry, day: '2026-03-15' })).rejects.toMatchObject({ code: 'decryption_failed' });
    // And what the code seals for the same warning (a random nonce) opens with PROTOCOL.md's key.
    const { warning } = v.parse(
      v.strictObject({ v: v.literal(1), kind: v.literal('warning'), warning: WarningSchema }),
      JSON.parse(feed.json),
    );
    const ours = await sealFeedBody(feed.venueId, feed.day, { v: 1, kind: 'warning', warning });
    const bytes = fromBase64Url(ours.body);
    const aes = await crypto.subtle.importKey('raw', fromHex(feed.keyHex), 'AES-GCM', false, ['decrypt']);
    const opened = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: fromHex(feed.associatedData.encodedHex) },
      aes,
      bytes.slice(12),
    );
    expect(JSON.parse(new TextDecoder().decode(opened))).toEqual(JSON.parse(feed.json));
  });
});
