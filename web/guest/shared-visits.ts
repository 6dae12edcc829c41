/**
 * The visits a guest shares with a health office: the stays of the last 28 days that reached the
 * server (a stay still queued or refused was never stored, so no venue could release it),
 * including stays still open and pre-registrations for later slots, which the office sees as
 * such (protocol/history-intake.ts). A visit names the persons who came with the guest, so the
 * office sees the whole group on the index case's visits. Pure, so that the Worker tests can feed the office's
 * intake exactly what the guest app produces.
 */
import type { Visit } from '../../protocol/history.ts';
import { displayName } from '../../protocol/party.ts';
import type { Stay } from './guest-store.ts';

export function visitsOf(stays: readonly Stay[]): Visit[] {
  return stays
    .filter((stay) => stay.checkIn === 'sent')
    .map((stay) => ({
      checkInId: stay.id,
      venueId: stay.venueId,
      officeId: stay.officeId,
      venueName: stay.venueName,
      venueAddress: stay.venueAddress,
      areaName: stay.areaName,
      arrivedAt: stay.arrivedAt,
      departedAt: stay.departedAt,
      defaultStayMinutes: stay.defaultStayMinutes,
      ...(stay.companions?.length ? { companions: stay.companions.map(displayName) } : {}),
    }));
}
