/**
 * The venue's public face: its signed card, the QR payloads that pin it (with and without an
 * area), the typed venue code, and a kiosk token appended to the QR payload.
 */
import { concat, fromBase64Url, sha256, toBase64Url, utf8 } from '../../protocol/bytes.ts';
import { fingerprint } from '../../protocol/hierarchy.ts';
import { checkKioskToken, signKioskToken } from '../../protocol/kiosk-code.ts';
import { toCrockford } from '../../protocol/tan.ts';
import { type TestVectors, toHex } from '../../protocol/test-vectors-format.ts';
import { formatVenueCode, venueCode, venueCodeLookup } from '../../protocol/venue-code.ts';
import { deriveVenueId } from '../../protocol/venue-id.ts';
import { encodeVenueQrPayload, pinnedPayloadOf, signVenueCard, venueQrUrl, verifyVenueCard } from '../../protocol/venue.ts';
import { IDS, KIOSK_NOW, ORIGIN, VENUE } from './inputs.ts';
import type { Signatures } from './signatures.ts';
import { type KeyOf, agree } from './support.ts';

export async function buildVenue(
  keyOf: KeyOf,
  signatures: Signatures,
): Promise<{ venue: TestVectors['venue']; kiosk: TestVectors['kiosk'] }> {
  const signing = keyOf('venueSigning');
  const idInput = concat(
    utf8('luca-next/v1/venue-id'),
    ...[IDS.officeId, keyOf('venueEncryption').entry.publicKey, signing.entry.publicKey].map(fromBase64Url),
  );
  const venueId = toBase64Url((await sha256(idInput)).slice(0, 16));
  agree(venueId === IDS.venueId, 'the venue id derived from the venue keys');
  agree(
    venueId ===
      (await deriveVenueId({
        officeId: IDS.officeId,
        encryptionKey: keyOf('venueEncryption').entry.publicKey,
        signingKey: signing.entry.publicKey,
      })),
    'the venue id',
  );
  const fresh = await signVenueCard(signing.privateKey, {
    venueId: IDS.venueId,
    officeId: IDS.officeId,
    name: VENUE.name,
    street: VENUE.street,
    postcode: VENUE.postcode,
    city: VENUE.city,
    kind: VENUE.kind,
    defaultStayMinutes: VENUE.defaultStayMinutes,
    areas: VENUE.areas.map((area) => ({ ...area })),
    encryptionKey: keyOf('venueEncryption').entry.publicKey,
    signingKey: signing.entry.publicKey,
  });
  const signed = await signatures.keep(
    'venueSigning',
    'luca-next/v1/venue-card',
    [
      fresh.venueId,
      fresh.officeId,
      fresh.name,
      fresh.street,
      fresh.postcode,
      fresh.city,
      fresh.kind,
      String(fresh.defaultStayMinutes),
      JSON.stringify(fresh.areas.map((area) => [area.id, area.name])),
      fresh.encryptionKey,
      fresh.signingKey,
    ],
    fresh.signature,
  );
  const card = { ...fresh, signature: signed.signature };
  const pinned = await pinnedPayloadOf(card);
  await verifyVenueCard(card, pinned);

  const pinInput = concat(utf8('luca-next/v1/fingerprint'), signing.publicRaw);
  agree(pinned.signingKeyPin === toBase64Url((await sha256(pinInput)).slice(0, 16)), 'the signing key pin');
  agree(pinned.signingKeyPin === (await fingerprint(signing.publicRaw)), 'the fingerprint');
  const qr = [undefined, VENUE.areas[0].id].map((areaId) => {
    const payload = { ...pinned, areaId };
    return { ...(areaId === undefined ? {} : { areaId }), payload: encodeVenueQrPayload(payload), url: venueQrUrl(ORIGIN, payload) };
  });

  const codePinInput = concat(
    utf8('luca-next/v1/venue-code'),
    ...[card.venueId, card.officeId, card.encryptionKey, card.signingKey].map(fromBase64Url),
  );
  const lookup = venueCodeLookup(card.venueId);
  const pin = toCrockford((await sha256(codePinInput)).slice(0, 5));
  const code = await venueCode(card);
  agree(code === lookup + pin, 'the venue code');

  const token = await signKioskToken(signing.privateKey, card.venueId, KIOSK_NOW);
  const kioskSigned = await signatures.keep(
    'venueSigning',
    'luca-next/v1/kiosk-code',
    [card.venueId, String(token.period)],
    token.signature,
  );
  const kioskToken = { period: token.period, signature: kioskSigned.signature };
  agree((await checkKioskToken(card.signingKey, card.venueId, kioskToken, KIOSK_NOW)) === 'fresh', 'the kiosk token');

  return {
    venue: {
      card,
      signed,
      signingKeyPinInputHex: toHex(pinInput),
      signingKeyPin: pinned.signingKeyPin,
      idInputHex: toHex(idInput),
      origin: ORIGIN,
      qr,
      code: { lookup, pinInputHex: toHex(codePinInput), pin, code, formatted: formatVenueCode(code) },
    },
    kiosk: {
      now: KIOSK_NOW,
      period: token.period,
      signed: kioskSigned,
      token: `~${kioskToken.period}.${kioskToken.signature}`,
      qrPayload: encodeVenueQrPayload({ ...pinned, kiosk: kioskToken }),
    },
  };
}
