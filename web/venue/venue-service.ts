/**
 * What the operator's browser does with venue keys (trust model 2, 4, 14):
 * - create: generate both key pairs here, sign the card, register the venue as a draft, store
 *   the keys non-extractable on this device, and return the recovery kit (the only readable copy,
 *   sealed under the passphrase the app drew and the operator typed back, trust model 16) for
 *   download and printing, kept here until proven;
 * - re-key a draft: the same with new keys for the same venue (its first kit never reached the
 *   operator), or delete the draft;
 * - take over a venue the deployment holds, with a one-time code: open its keys, check them
 *   against its card, store them and make a kit at once, since no other copy will reach this device;
 * - restore: open a kit, check the keys against the card, store them on this device, and prove
 *   it to the Worker by signing the activation, which makes a draft live;
 * - edit: re-sign the card with the stored signing key.
 */
import { toBase64Url } from '../../protocol/bytes.ts';
import type { OfficeCertificate } from '../../protocol/hierarchy.ts';
import type { KitPassphrase } from '../../protocol/kit-passphrase.ts';
import { exportPrivateJwk, exportPublicKey, generateKeyPair } from '../../protocol/keys.ts';
import {
  type RecoveryKit,
  type VenuePrivateKeys,
  createRecoveryKit,
  openRecoveryKit,
  signActivation,
} from '../../protocol/recovery-kit.ts';
import {
  type UnsignedVenueCard,
  type VenueCard,
  pinnedPayloadOf,
  signNewVenueCard,
  signVenueCard,
  verifyVenueCard,
} from '../../protocol/venue.ts';
import { openClaimBundle, parseClaimCode } from '../../protocol/venue-claim.ts';
import { call } from '../../client/api.ts';
import { pendingKits } from './pending-kits.ts';
import { type Account, type OwnVenue, venueApi } from './venue-api.ts';
import { venueKeys } from './venue-keys.ts';
import { directoryRoutes } from '../../protocol/api/directory.ts';

export type VenueDetails = Omit<UnsignedVenueCard, 'venueId' | 'officeId' | 'encryptionKey' | 'signingKey'>;

/** The office responsible for a postcode, from the public directory. */
export async function officeForPostcode(postcode: string): Promise<OfficeCertificate | undefined> {
  const { offices } = await call(directoryRoutes.offices, {});
  return offices.map((entry) => entry.certificate).find((certificate) => certificate.postcodes.includes(postcode));
}

/** Fresh key pairs and the card for `details` signed with them; the private halves as JWK for the kit only. */
async function newKeysAndCard(details: VenueDetails, officeId: string): Promise<{ card: VenueCard; keys: VenuePrivateKeys }> {
  const encryption = await generateKeyPair('encryption', true);
  const signing = await generateKeyPair('signing', true);
  const keys = { encryption: await exportPrivateJwk(encryption.privateKey), signing: await exportPrivateJwk(signing.privateKey) };
  // The id follows from the keys (protocol/venue-id.ts): new keys, new id.
  const card = await signNewVenueCard(signing.privateKey, {
    ...details,
    officeId,
    encryptionKey: toBase64Url(await exportPublicKey(encryption.publicKey)),
    signingKey: toBase64Url(await exportPublicKey(signing.publicKey)),
  });
  return { card, keys };
}

/** Keys on this device and their kit kept until it is proven. */
async function keepHere(venueId: string, keys: VenuePrivateKeys, kit: RecoveryKit): Promise<void> {
  await venueKeys.store(venueId, keys);
  await pendingKits.store(kit);
}

export async function createVenue(
  details: VenueDetails,
  officeId: string,
  passphrase: KitPassphrase,
): Promise<{ venue: OwnVenue; kit: RecoveryKit }> {
  const { card, keys } = await newKeysAndCard(details, officeId);
  // The kit first: if the passphrase is refused, nothing was registered.
  const kit = await createRecoveryKit({ venueId: card.venueId, venueName: card.name }, keys, passphrase, Date.now());
  const { venue } = await venueApi.create(card);
  await keepHere(card.venueId, keys, kit);
  return { venue, kit };
}

/** New keys and a new kit for a draft (nothing was ever encrypted to a draft's keys). */
export async function rekeyDraft(venue: OwnVenue, passphrase: KitPassphrase): Promise<{ venue: OwnVenue; kit: RecoveryKit }> {
  const { v: _v, signature: _signature, venueId, officeId, encryptionKey: _e, signingKey: _s, ...details } = venue.card;
  const { card, keys } = await newKeysAndCard(details, officeId);
  const kit = await createRecoveryKit({ venueId: card.venueId, venueName: card.name }, keys, passphrase, Date.now());
  const { venue: updated } = await venueApi.rekey(venueId, card);
  await keepHere(card.venueId, keys, kit);
  // The draft's old keys and kit belong to an id that no longer exists.
  await Promise.all([venueKeys.remove(venueId), pendingKits.remove(venueId)]);
  return { venue: updated, kit };
}

export async function deleteDraft(venue: OwnVenue): Promise<void> {
  await venueApi.remove(venue.card.venueId);
  await Promise.all([venueKeys.remove(venue.card.venueId), pendingKits.remove(venue.card.venueId)]);
}

/** Thrown when the code was accepted but what came back is not the venue's keys (the server is at fault). */
export class TakeoverKeysError extends Error {
  constructor(readonly venue: OwnVenue) {
    super('the keys handed over are not the keys on the venue’s card');
    this.name = 'TakeoverKeysError';
  }
}

/**
 * Takes over a venue with its one-time code. The passphrase comes first, so that the kit is made
 * right after the keys arrive: the server erased them when the code was spent, and this device
 * keeps them only non-extractable.
 */
export async function takeOverVenue(typedCode: string, passphrase: KitPassphrase): Promise<{ venue: OwnVenue; kit: RecoveryKit }> {
  const code = parseClaimCode(typedCode);
  const { venue, bundle } = await venueApi.claim(code);
  let keys: VenuePrivateKeys;
  try {
    // The card is signed by its own key, and the keys handed over are exactly the card's.
    await verifyVenueCard(venue.card, await pinnedPayloadOf(venue.card));
    keys = await openClaimBundle(code, bundle, venue.card);
  } catch {
    throw new TakeoverKeysError(venue);
  }
  const kit = await createRecoveryKit({ venueId: venue.card.venueId, venueName: venue.card.name }, keys, passphrase, Date.now());
  await keepHere(venue.card.venueId, keys, kit);
  return { venue, kit };
}

/**
 * Restores the keys from a kit file on this device and, for a draft venue, makes it live. The
 * passphrase is as typed: a kit's own (openRecoveryKit also tries a drawn one's canonical form).
 */
export async function restoreFromKit(shown: OwnVenue, kitFile: unknown, passphrase: string, account: Account): Promise<OwnVenue> {
  // The venue as it is now: another device may have given the draft new keys since this page loaded.
  const { venue } = await venueApi.venue(shown.card.venueId);
  const keys = await openRecoveryKit(kitFile, passphrase, venue.card);
  await venueKeys.store(venue.card.venueId, keys);
  const restored =
    venue.status === 'live'
      ? venue
      : (await venueApi.activate(venue.card.venueId, await signActivation(keys.signing, venue.card.venueId, account.id))).venue;
  // Proven: the kit works, so it need not be kept here any longer (a kit of older keys neither).
  await pendingKits.remove(venue.card.venueId);
  return restored;
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
  const slug =
    kit.venueName
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'venue';
  return `luca-recovery-kit-${slug}.json`;
}
