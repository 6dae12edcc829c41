/**
 * Hybrid seals and check-ins with fixed ephemeral keys (hybrid.ts `sealWithEphemeral`), so that
 * every envelope is reproducible; each with the intermediate values of PROTOCOL.md's steps,
 * computed apart from hybrid.ts (protocol/hybrid-trace.ts) and required to give the same envelope.
 */
import { type Bytes, bytesEqual, encodeFields, fromUtf8, toBase64Url, utf8 } from '../../protocol/bytes.ts';
import { type LayerSealer, checkInAssociatedData, checkoutHashOf, sealCheckInWith } from '../../protocol/checkin.ts';
import type { VerifiedDailyKey } from '../../protocol/hierarchy.ts';
import { sealWithEphemeral } from '../../protocol/hybrid.ts';
import { traceSeal } from '../../protocol/hybrid-trace.ts';
import type { LoadedTestKey } from '../../protocol/test-vectors-keys.ts';
import { type TestVectors, toHex } from '../../protocol/test-vectors-format.ts';
import { CHECK_INS, HYBRID, IDS, TEST_KEYS, type TestKeyName } from './inputs.ts';
import { type KeyOf, agree, encoded } from './support.ts';

type SealingEntries = Omit<TestVectors['hybrid'][number], 'name' | 'envelopeHex'>;

async function sealFixed(
  recipient: LoadedTestKey,
  ephemeral: LoadedTestKey,
  plaintext: Bytes,
  associatedData: Bytes,
  purpose: string,
): Promise<Bytes> {
  return sealWithEphemeral(recipient.publicRaw, plaintext, associatedData, purpose, {
    privateKey: ephemeral.privateKey,
    publicKey: ephemeral.publicKey,
  });
}

/** The file's record of one seal, after checking that PROTOCOL.md's steps give the code's envelope. */
async function describeSeal(
  keyOf: KeyOf,
  names: { recipient: TestKeyName; ephemeral: TestKeyName },
  seal: { plaintext: Bytes; associatedData: Bytes; purpose: string; envelope: Bytes },
): Promise<SealingEntries> {
  const ephemeral = keyOf(names.ephemeral);
  const trace = await traceSeal({
    recipientPublic: keyOf(names.recipient).publicRaw,
    ephemeralPrivate: ephemeral.privateKey,
    ephemeralPublic: ephemeral.publicRaw,
    purpose: seal.purpose,
    plaintext: seal.plaintext,
    associatedData: seal.associatedData,
  });
  agree(bytesEqual(trace.envelope, seal.envelope), `the envelope of a seal for "${seal.purpose}"`);
  return {
    recipient: names.recipient,
    ephemeral: names.ephemeral,
    purpose: seal.purpose,
    associatedDataHex: toHex(seal.associatedData),
    plaintextHex: toHex(seal.plaintext),
    sharedSecretHex: toHex(trace.sharedSecret),
    hkdfSaltHex: toHex(trace.salt),
    hkdfInfoHex: toHex(trace.info),
    keyHex: toHex(trace.key),
    nonceHex: toHex(trace.nonce),
    envelope: toBase64Url(seal.envelope),
  };
}

export async function buildHybridVectors(keyOf: KeyOf): Promise<TestVectors['hybrid']> {
  const recipient = keyOf('hybridRecipient');
  const out: TestVectors['hybrid'] = [];
  for (const vector of HYBRID) {
    const plaintext = utf8(vector.plaintext);
    const associatedData = vector.associatedData
      ? encodeFields(vector.associatedData.label, ...vector.associatedData.fields)
      : new Uint8Array(0);
    const envelope = await sealFixed(recipient, keyOf(vector.ephemeral), plaintext, associatedData, vector.purpose);
    const entries = await describeSeal(
      keyOf,
      { recipient: 'hybridRecipient', ephemeral: vector.ephemeral },
      { plaintext, associatedData, purpose: vector.purpose, envelope },
    );
    out.push({ name: vector.name, ...entries, envelopeHex: toHex(envelope) });
  }
  return out;
}

interface LayerCall {
  recipient: TestKeyName;
  ephemeral: TestKeyName;
  plaintext: Bytes;
  associatedData: Bytes;
  purpose: string;
  envelope: Bytes;
}

/** The name of the test key with this public point. */
function nameOf(keyOf: KeyOf, publicRaw: Bytes): TestKeyName {
  const names = Object.keys(TEST_KEYS).filter((name): name is TestKeyName => name in TEST_KEYS);
  const found = names.find((name) => bytesEqual(keyOf(name).publicRaw, publicRaw));
  if (!found) throw new Error('test vectors: a check-in layer was sealed to a key the file does not hold');
  return found;
}

export async function buildCheckIns(keyOf: KeyOf, officeKey: VerifiedDailyKey): Promise<TestVectors['checkIns']> {
  const venueKey = keyOf('venueEncryption');
  const out: TestVectors['checkIns'] = [];
  for (const fixed of CHECK_INS) {
    // The code seals the inner layer first, then the outer one: each gets its own fixed ephemeral key.
    const ephemerals = [fixed.innerEphemeral, fixed.outerEphemeral];
    const calls: LayerCall[] = [];
    const sealLayer: LayerSealer = async (recipientPublic, plaintext, associatedData, purpose) => {
      const ephemeral = ephemerals[calls.length];
      if (!ephemeral) throw new Error('test vectors: a check-in has more than two layers');
      const envelope = await sealWithEphemeral(recipientPublic, plaintext, associatedData, purpose, {
        privateKey: keyOf(ephemeral).privateKey,
        publicKey: keyOf(ephemeral).publicKey,
      });
      calls.push({ recipient: nameOf(keyOf, recipientPublic), ephemeral, plaintext, associatedData, purpose, envelope });
      return envelope;
    };
    const sealed = await sealCheckInWith(sealLayer, {
      id: fixed.id,
      contact: fixed.contact,
      companions: fixed.companions,
      venueId: IDS.venueId,
      venueKey: venueKey.publicRaw,
      officeKey,
      arrivedAt: fixed.arrivedAt,
      areaId: fixed.areaId,
      reference: fixed.reference,
    });
    const [inner, outer] = calls;
    if (!inner || !outer || calls.length !== 2) throw new Error('test vectors: a check-in has other than two layers');
    agree(sealed.ciphertext === toBase64Url(outer.envelope), 'the check-in ciphertext');
    const context = { id: sealed.id, venueId: sealed.venueId, day: sealed.day, officeKeyId: sealed.officeKeyId };
    const associatedData = encoded('luca-next/v1/checkin', [context.id, context.venueId, context.day, context.officeKeyId]);
    agree(associatedData.encodedHex === toHex(checkInAssociatedData(context)), 'the check-in associated data');
    const layer = async (call: LayerCall) => ({
      // JSON.stringify writes no trailing whitespace, so the padding is exactly the trailing spaces.
      json: fromUtf8(call.plaintext).trimEnd(),
      ...(await describeSeal(keyOf, call, call)),
    });
    out.push({
      name: fixed.name,
      input: {
        id: fixed.id,
        venueId: IDS.venueId,
        arrivedAt: fixed.arrivedAt,
        ...(fixed.areaId === undefined ? {} : { areaId: fixed.areaId }),
        ...(fixed.reference === undefined ? {} : { reference: fixed.reference }),
        contact: fixed.contact,
        ...(fixed.companions === undefined ? {} : { companions: [...fixed.companions] }),
      },
      day: sealed.day,
      officeKeyId: sealed.officeKeyId,
      arrivalBucket: sealed.arrivalBucket,
      associatedData,
      inner: await layer(inner),
      outer: await layer(outer),
      checkoutSecret: fixed.checkoutSecret,
      checkoutHash: await checkoutHashOf(fixed.checkoutSecret),
    });
  }
  return out;
}
