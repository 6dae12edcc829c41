/**
 * What a dishonest server would make to pass off keys of its own as a real venue's: a card with
 * the venue's id (and so its typed code's lookup half) and details, but fresh keys, properly
 * signed with them. For the tests that play that server; no app uses it.
 */
import { toBase64Url } from './bytes.ts';
import { exportPublicKey, generateKeyPair } from './keys.ts';
import { type VenueCard, signVenueCard } from './venue.ts';

export async function impostorCard(real: VenueCard, changes: Partial<Pick<VenueCard, 'name' | 'encryptionKey'>> = {}): Promise<VenueCard> {
  const { v: _v, signature: _signature, ...details } = real;
  const encryption = await generateKeyPair('encryption', true);
  const signing = await generateKeyPair('signing', true);
  return signVenueCard(signing.privateKey, {
    ...details,
    encryptionKey: toBase64Url(await exportPublicKey(encryption.publicKey)),
    signingKey: toBase64Url(await exportPublicKey(signing.publicKey)),
    ...changes,
  });
}
