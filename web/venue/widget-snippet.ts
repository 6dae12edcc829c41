/**
 * The copy-paste code the venue app offers for the <luca-checkin> widget: the loader, the element
 * with the venue's pins, and where the booking system's own values go. No date is written in:
 * the booking system fills slot-start and slot-end for each booking (ISO 8601 with an offset), so
 * a copied snippet never registers guests for a day long past. The registration reaches the
 * site through a function it names (on-registered): no inline script, so the page's
 * Content-Security-Policy can stay strict (docs/WIDGET.md).
 */
import type { WidgetMode } from '../../protocol/widget.ts';

/** The Content-Security-Policy entries a page embedding the widget needs, in one line. */
export function cspNote(appOrigin: string): string {
  return `script-src ${appOrigin}; frame-src ${appOrigin}; connect-src ${appOrigin}`;
}

export function widgetSnippet(appOrigin: string, venuePayload: string, mode: WidgetMode): string {
  const head = `<!-- luca check-in (guide: ${appOrigin}/widget/WIDGET.md). Content-Security-Policy needs: ${cspNote(appOrigin)} -->
<script src="${appOrigin}/widget/luca-checkin.js" defer></script>`;
  if (mode === 'kiosk') return `${head}\n<luca-checkin venue="${venuePayload}" mode="kiosk" lang="de"></luca-checkin>`;
  // A group is one registration: a table's number of persons, or a ticket's seats (one per person, the size follows).
  const group =
    mode === 'booking'
      ? { reference: '{{Tisch}}', attribute: 'party-size="{{Personen}}"', note: 'party-size: persons, 1-10' }
      : { reference: '{{Saal}}', attribute: 'seats="{{Plätze}}"', note: 'seats: one per person, separated by spaces, e.g. F12 F13' };
  return `${head}
<!-- Your booking system fills in the {{…}}: start and end as ISO 8601 with offset, e.g. 2026-12-01T19:00:00+01:00; ${group.note} -->
<luca-checkin venue="${venuePayload}" mode="${mode}" lang="de"
  slot-start="{{Beginn}}" slot-end="{{Ende}}" ${group.attribute}
  reference="${group.reference}" booking-id="{{Buchungsnummer}}"
  on-registered="lucaRegistered"></luca-checkin>
<!-- In a script file of your site: keep the cancel token with the ${mode === 'booking' ? 'booking' : 'ticket'} (event.bookingId names it).
  window.lucaRegistered = (registration) => saveWithBooking(registration.bookingId, registration.cancelToken);
  Cancelling the ${mode === 'booking' ? 'booking' : 'ticket'}: lucaCheckin.cancel(cancelToken) -->`;
}
