/**
 * What the operator's browser does with venue keys (trust model 2, 4, 14):
 * - create: generate both key pairs here, sign the card, register the venue as a draft, store
 *   the keys non-extractable on this device, and return the recovery kit (the only readable copy,
 *   sealed under the operator's passphrase) for download and printing;
 * - restore: open a kit, check the keys against the card, store them on this device, and prove
 *   it to the Worker by signing the activation, which makes the venue live;
 * - edit: re-sign the card with the stored signing key.
 */
import { toBase64Url } from '../../protocol/bytes.ts';
import type { OfficeCertificate } from '../../protocol/hierarchy.ts';
import { newId } from '../../protocol/ids.ts';
import { exportPrivateJwk, exportPublicKey, generateKeyPair } from '../../protocol/keys.ts';
import { type RecoveryKit, createRecoveryKit, openRecoveryKit, signActivation } from '../../protocol/recovery-kit.ts';
import type { OfficeDirectoryEntry } from '../../protocol/schemas.ts';
import { type UnsignedVenueCard, type VenueCard, signVenueCard } from '../../protocol/venue.ts';
import { api } from '../shared/api.ts';
import { type Account, type OwnVenue, venueApi } from './venue-api.ts';
import { venueKeys } from './venue-keys.ts';

export type VenueDetails = Omit<UnsignedVenueCard, 'venueId' | 'officeId' | 'encryptionKey' | 'signingKey'>;

/** The office responsible for a postcode, from the public directory. */
export async function officeForPostcode(postcode: string): Promise<OfficeCertificate | undefined> {
  const { offices } = await api.get<{ offices: OfficeDirectoryEntry[] }>('/api/offices');
  return offices.map((entry) => entry.certificate).find((certificate) => certificate.postcodes.includes(postcode));
}

export async function createVenue(details: VenueDetails, officeId: string, passphrase: string): Promise<{ venue: OwnVenue; kit: RecoveryKit }> {
  const encryption = await generateKeyPair('encryption', true);
  const signing = await generateKeyPair('signing', true);
  const keys = { encryption: await exportPrivateJwk(encryption.privateKey), signing: await exportPrivateJwk(signing.privateKey) };
  const card = await signVenueCard(signing.privateKey, {
    ...details,
    venueId: newId(),
    officeId,
    encryptionKey: toBase64Url(await exportPublicKey(encryption.publicKey)),
    signingKey: toBase64Url(await exportPublicKey(signing.publicKey)),
  });
  // The kit first: if the passphrase is refused, nothing was registered.
  const kit = await createRecoveryKit({ venueId: card.venueId, venueName: card.name }, keys, passphrase, Date.now());
  const { venue } = await venueApi.create(card);
  await venueKeys.store(card.venueId, keys);
  return { venue, kit };
}

/** Restores the keys from a kit file on this device and, for a draft venue, makes it live. */
export async function restoreFromKit(venue: OwnVenue, kitFile: unknown, passphrase: string, account: Account): Promise<OwnVenue> {
  const keys = await openRecoveryKit(kitFile, passphrase, venue.card);
  await venueKeys.store(venue.card.venueId, keys);
  if (venue.status === 'live') return venue;
  const proof = await signActivation(keys.signing, venue.card.venueId, account.id);
  return (await venueApi.activate(venue.card.venueId, proof)).venue;
}

export async function hasKeysHere(venueId: string): Promise<boolean> {
  return (await venueKeys.get(venueId)) !== undefined;
}

export async function editVenue(venue: OwnVenue, details: VenueDetails, officeId: string): Promise<OwnVenue> {
  const keys = await venueKeys.get(venue.card.venueId);
  if (!keys) throw new Error('The venue key is not on this device. Restore the recovery kit first.');
  const { v: _v, signature: _signature, ...current } = venue.card;
  const card: VenueCard = await signVenueCard(keys.signing, { ...current, ...details, officeId });
  return (await venueApi.update(card)).venue;
}

export function kitFileName(kit: RecoveryKit): string {
  const slug = kit.venueName.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'venue';
  return `luca-recovery-kit-${slug}.json`;
}
