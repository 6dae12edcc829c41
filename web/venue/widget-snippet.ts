/** The copy-paste code the venue app offers for the <luca-checkin> widget. */
import type { WidgetMode } from '../../protocol/widget.ts';

/** Example times: tomorrow evening, in the operator's time zone, so the pasted snippet works as is. */
function exampleSlot(hour: number, minutes: number, lengthMinutes: number): { start: string; end: string } {
  const start = new Date(Date.now() + 86_400_000);
  start.setHours(hour, minutes, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + lengthMinutes * 60_000).toISOString() };
}

/** The copy-paste code for one use of the widget: the loader, the element with the venue's pins, and the event hook. */
export function widgetSnippet(appOrigin: string, venuePayload: string, mode: WidgetMode): string {
  const loader = `<script type="module" src="${appOrigin}/widget/luca-checkin.js"></script>`;
  if (mode === 'kiosk') return `${loader}\n<luca-checkin venue="${venuePayload}" mode="kiosk" lang="de"></luca-checkin>`;
  const slot = mode === 'booking' ? exampleSlot(19, 0, 120) : exampleSlot(20, 15, 150);
  const reference = mode === 'booking' ? 'Tisch 4' : 'Saal 1 · Reihe F · Platz 12';
  return `${loader}
<luca-checkin venue="${venuePayload}" mode="${mode}"
  slot-start="${slot.start}" slot-end="${slot.end}"
  reference="${reference}" lang="de"></luca-checkin>
<script type="module">
  const luca = document.querySelector('luca-checkin');
  luca.addEventListener('luca-checkin-registered', (event) => {
    // Keep event.detail.cancelToken with the ${mode === 'booking' ? 'booking' : 'ticket'}; luca.cancel(token) deletes the registration.
    console.log('luca: registered', event.detail.checkinId);
  });
  luca.addEventListener('luca-checkin-error', (event) => console.warn('luca:', event.detail.code, event.detail.message));
</script>`;
}

