// The cinema's own ticket shop: it sells the seat and keeps the cancel token, never the guest's data.
import { formatVenue, venueDate, venueInstant } from '/venue-zone.js';

const luca = document.getElementById('luca');
const screenings = [
  { title: 'Die Verlegerin', hall: 'Saal 1', at: 1, hour: 17, minutes: 30, length: 120 },
  { title: 'Metropolis (restauriert)', hall: 'Saal 2', at: 1, hour: 20, minutes: 15, length: 150 },
  { title: 'Lola rennt', hall: 'Saal 2', at: 2, hour: 21, minutes: 0, length: 90 },
];
const select = document.getElementById('screening');
for (const [index, screening] of screenings.entries()) {
  // Screenings are at Berlin times (venue-zone.js), whatever zone the buyer's device is in.
  screening.start = venueInstant(venueDate(screening.at), `${screening.hour}:${screening.minutes}`);
  const option = document.createElement('option');
  option.value = String(index);
  option.textContent = `${screening.title} · ${screening.hall} · ${formatVenue(screening.start, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}`;
  select.append(option);
}
let token;
let ticketNumber = 0;

document.getElementById('ticket-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const screening = screenings[Number(select.value)];
  const end = new Date(Date.parse(screening.start) + (screening.length + 30) * 60_000);
  // A new ticket: its own number, new times, and a fresh, empty form for it.
  ticketNumber += 1;
  token = undefined;
  luca.setAttribute('booking-id', `T-${ticketNumber}`);
  luca.setAttribute('slot-start', screening.start);
  luca.setAttribute('slot-end', end.toISOString());
  luca.setAttribute(
    'reference',
    `${screening.hall} · Reihe ${document.getElementById('row').value} · Platz ${document.getElementById('seat').value}`,
  );
  document.getElementById('step-contact').hidden = false;
});

// Sealed and being sent: the token is kept now, so that a registration is never lost to the shop.
luca.addEventListener('luca-checkin-submitting', (event) => (token = event.detail.cancelToken));

luca.addEventListener('luca-checkin-registered', (event) => {
  token = event.detail.cancelToken;
  document.getElementById('ticket-title').textContent = 'Ihr Ticket';
  document.getElementById('return-ticket').hidden = false;
  document.getElementById('ticket-text').textContent =
    `${select.selectedOptions[0].textContent}, ${luca.getAttribute('reference')} – Kontaktdaten hinterlegt.`;
  document.getElementById('ticket').hidden = false;
  document.getElementById('events').textContent = `registered ${event.detail.checkinId}`;
});
luca.addEventListener(
  'luca-checkin-error',
  (event) => (document.getElementById('events').textContent = `error ${event.detail.code}: ${event.detail.message}`),
);
luca.addEventListener(
  'luca-checkin-cancelled',
  (event) => (document.getElementById('events').textContent = `cancelled ${event.detail.checkinId}`),
);

document.getElementById('return-ticket').addEventListener('click', async () => {
  try {
    if (token) await luca.cancel(token);
  } catch (error) {
    document.getElementById('ticket-text').textContent = `Das Ticket ließ sich nicht zurückgeben: ${error.message}`;
    return;
  }
  token = undefined;
  document.getElementById('ticket-title').textContent = 'Ticket zurückgegeben';
  document.getElementById('ticket-text').textContent = 'Ihr Ticket ist zurückgegeben; die Registrierung ist gelöscht.';
  document.getElementById('return-ticket').hidden = true;
  document.getElementById('step-contact').hidden = true;
});
