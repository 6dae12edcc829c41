/**
 * The low-s rule as known answers: n and ⌊n / 2⌋ as PROTOCOL.md states them, the first audit
 * entry's signature (the object the Worker's replay guard keys on) split into r and s, and other
 * 64-byte encodings over the same bytes that a verifier must refuse, the first of them the
 * attacker's: the same signature with s replaced by n − s, which plain ECDSA accepts.
 */
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { P256_HALF_ORDER, P256_ORDER, verifyEcdsa, withNegatedS } from '../../protocol/ecdsa.ts';
import { type Signed, type TestVectors, fromHex, toHex } from '../../protocol/test-vectors-format.ts';
import type { LoadedTestKey } from '../../protocol/test-vectors-keys.ts';
import { agree } from './support.ts';

/** n as PROTOCOL.md "Signatures" writes it. */
const ORDER_AS_DOCUMENTED = 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551';

const hex32 = (value: bigint) => value.toString(16).padStart(64, '0');

export async function buildSignatureEncoding(
  keys: ReadonlyMap<string, LoadedTestKey>,
  signed: Signed,
): Promise<TestVectors['signatureEncoding']> {
  const order = BigInt(`0x${ORDER_AS_DOCUMENTED}`);
  agree(order === P256_ORDER, 'n');
  const half = order / 2n;
  agree(half === P256_HALF_ORDER, '⌊n / 2⌋');

  const signatureHex = toHex(fromBase64Url(signed.signature));
  const [rHex, sHex] = [signatureHex.slice(0, 64), signatureHex.slice(64)];
  const [r, s] = [BigInt(`0x${rHex}`), BigInt(`0x${sHex}`)];
  agree(r >= 1n && r < order && s >= 1n && s <= half, 'the encoding of the signature the file states');

  const encode = (rValue: bigint, sValue: bigint) => toBase64Url(fromHex(hex32(rValue) + hex32(sValue)));
  const refused = [
    { case: '(r, n − s): the same signature with a high s', signature: encode(r, order - s) },
    { case: 'r = 0', signature: encode(0n, s) },
    { case: 's = 0', signature: encode(r, 0n) },
    { case: 'r = n', signature: encode(order, s) },
    { case: 's = n', signature: encode(r, order) },
  ];
  agree(refused[0]?.signature === toBase64Url(withNegatedS(fromBase64Url(signed.signature))), '(r, n − s)');
  const key = keys.get(signed.signer);
  if (!key) throw new Error(`test vectors: no key ${signed.signer}`);
  const input = fromHex(signed.signingInputHex);
  agree(await verifyEcdsa(key.publicKey, fromBase64Url(signed.signature), input), 'the signature that verifies');
  for (const { case: what, signature } of refused) {
    agree(!(await verifyEcdsa(key.publicKey, fromBase64Url(signature), input)), `the refusal of ${what}`);
  }
  return { orderHex: ORDER_AS_DOCUMENTED, halfOrderHex: hex32(half), signed, rHex, sHex, refused };
}
