/**
 * The keys of docs/test-vectors.json as WebCrypto keys: what the vector script signs and seals
 * with, and what the vector test opens and verifies with. A key's entry holds its private JWK and
 * its public point twice (base64url and hex), which must all agree.
 */
import { type Bytes, toBase64Url } from './bytes.ts';
import { type KeyKind, importPrivateJwk, importPublicKey, publicKeyFromPrivateJwk } from './keys.ts';
import { type TestKey, toHex } from './test-vectors-format.ts';

export interface LoadedTestKey {
  entry: TestKey;
  /** Usable for deriveBits (ECDH) or sign (ECDSA). */
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicRaw: Bytes;
}

function kindOf(algorithm: TestKey['algorithm']): KeyKind {
  return algorithm === 'ECDH' ? 'encryption' : 'signing';
}

/** The entry the file carries for a private JWK: the public point derived from the JWK's x and y. */
export async function testKeyEntry(algorithm: TestKey['algorithm'], privateJwk: TestKey['privateJwk']): Promise<TestKey> {
  const publicRaw = await publicKeyFromPrivateJwk(privateJwk, kindOf(algorithm));
  return { algorithm, privateJwk, publicKey: toBase64Url(publicRaw), publicKeyHex: toHex(publicRaw) };
}

export async function loadTestKey(entry: TestKey): Promise<LoadedTestKey> {
  const kind = kindOf(entry.algorithm);
  const publicRaw = await publicKeyFromPrivateJwk(entry.privateJwk, kind);
  if (toBase64Url(publicRaw) !== entry.publicKey || toHex(publicRaw) !== entry.publicKeyHex) {
    throw new Error('test key: publicKey, publicKeyHex and the JWK do not name the same point');
  }
  return {
    entry,
    privateKey: await importPrivateJwk(entry.privateJwk, kind),
    publicKey: await importPublicKey(publicRaw, kind),
    publicRaw,
  };
}

/** Every key of the file by its name. */
export async function loadTestKeys(keys: Readonly<Record<string, TestKey>>): Promise<ReadonlyMap<string, LoadedTestKey>> {
  const loaded = new Map<string, LoadedTestKey>();
  for (const [name, entry] of Object.entries(keys)) loaded.set(name, await loadTestKey(entry));
  return loaded;
}
