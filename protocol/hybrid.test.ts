import { describe, expect, it } from 'vitest';
import { ProtocolError, utf8 } from './bytes.ts';
import { open, seal } from './hybrid.ts';
import { exportPublicKey, generateKeyPair } from './keys.ts';

async function recipient() {
  const pair = await generateKeyPair('encryption');
  return { privateKey: pair.privateKey, publicKey: await exportPublicKey(pair.publicKey) };
}

const ad = utf8('context');

describe('hybrid encryption', () => {
  it('opens what it sealed, with the same key, context and purpose', async () => {
    const bob = await recipient();
    const envelope = await seal(bob.publicKey, utf8('hello'), ad, 'test');
    expect(new TextDecoder().decode(await open(bob.privateKey, bob.publicKey, envelope, ad, 'test'))).toBe('hello');
  });

  it('uses a fresh ephemeral key, so sealing twice gives different envelopes', async () => {
    const bob = await recipient();
    const a = await seal(bob.publicKey, utf8('same'), ad, 'test');
    const b = await seal(bob.publicKey, utf8('same'), ad, 'test');
    expect(a).not.toEqual(b);
  });

  it('refuses every single flipped bit', async () => {
    const bob = await recipient();
    const envelope = await seal(bob.publicKey, utf8('x'), ad, 'test');
    let refused = 0;
    for (let byte = 0; byte < envelope.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const altered = envelope.slice();
        altered[byte] = (altered[byte] ?? 0) ^ (1 << bit);
        await expect(open(bob.privateKey, bob.publicKey, altered, ad, 'test')).rejects.toThrow(ProtocolError);
        refused++;
      }
    }
    expect(refused).toBe(envelope.length * 8);
  });

  it('refuses the wrong private key, associated data, purpose, and truncation', async () => {
    const bob = await recipient();
    const eve = await recipient();
    const envelope = await seal(bob.publicKey, utf8('secret'), ad, 'test');
    await expect(open(eve.privateKey, eve.publicKey, envelope, ad, 'test')).rejects.toThrow('could not be opened');
    await expect(open(eve.privateKey, bob.publicKey, envelope, ad, 'test')).rejects.toThrow('could not be opened');
    await expect(open(bob.privateKey, bob.publicKey, envelope, utf8('other'), 'test')).rejects.toThrow('could not be opened');
    await expect(open(bob.privateKey, bob.publicKey, envelope, ad, 'other')).rejects.toThrow('could not be opened');
    await expect(open(bob.privateKey, bob.publicKey, envelope.slice(0, 40), ad, 'test')).rejects.toThrow('not a sealed envelope');
  });

  it('refuses to seal to something that is not a P-256 point', async () => {
    const notAPoint = new Uint8Array(65).fill(7);
    notAPoint[0] = 4;
    await expect(seal(notAPoint, utf8('x'), ad, 'test')).rejects.toThrow('not a valid P-256 point');
    await expect(seal(new Uint8Array(33), utf8('x'), ad, 'test')).rejects.toThrow('uncompressed');
  });
});
