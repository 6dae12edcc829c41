// The restaurant's own booking script: it knows the table and the time, never the guests' contact data.
import { formatVenue, venueDate, venueInstant } from '/venue-zone.js';

const luca = document.getElementById('luca');
// The tokens of the booking on screen; each booking has its own number, which the widget carries into its events.
let tokens = [];
let bookingNumber = 0;
document.getElementById('date').value = venueDate(1);

function log(text) {
  document.getElementById('events').textContent = text;
}

document.getElementById('booking-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const date = document.getElementById('date').value;
  const time = document.getElementById('time').value;
  const persons = document.getElementById('persons').value;
  // The restaurant's times are Berlin times (venue-zone.js), with their offset.
  const start = venueInstant(date, time);
  const end = new Date(Date.parse(start) + 2 * 3_600_000);
  // A new booking: new times, a new number, and the widget shows a fresh, empty form for it.
  bookingNumber += 1;
  tokens = [];
  document.getElementById('registrations').replaceChildren();
  document.getElementById('step-done').hidden = true;
  luca.setAttribute('booking-id', `R-${bookingNumber}`);
  luca.setAttribute('slot-start', start);
  luca.setAttribute('slot-end', end.toISOString());
  luca.setAttribute('reference', `Tisch für ${persons}`);
  document.getElementById('booking-summary').textContent =
    `${formatVenue(start, { dateStyle: 'full', timeStyle: 'short' })}, ${persons} Personen`;
  document.getElementById('step-contact').hidden = false;
});

function guests(count) {
  return count === 1 ? '1 Gast' : `${count} Gäste`;
}

// Sealed and being sent: the token is kept now, so that a registration is never lost to the page.
luca.addEventListener('luca-checkin-submitting', (event) => {
  if (!tokens.includes(event.detail.cancelToken)) tokens.push(event.detail.cancelToken);
});

luca.addEventListener('luca-checkin-registered', (event) => {
  if (!tokens.includes(event.detail.cancelToken)) tokens.push(event.detail.cancelToken);
  const item = document.createElement('li');
  item.textContent = `Gast registriert (${formatVenue(event.detail.window.start, { dateStyle: 'medium', timeStyle: 'short' })})`;
  document.getElementById('registrations').append(item);
  document.getElementById('done-title').textContent = 'Reservierung bestätigt';
  document.getElementById('confirmation').textContent = `Ihr Tisch ist reserviert, ${guests(tokens.length)} registriert.`;
  document.getElementById('cancel-booking').hidden = false;
  document.getElementById('step-done').hidden = false;
  log(`registered ${event.detail.checkinId} ${event.detail.bookingId}`);
});

luca.addEventListener('luca-checkin-error', (event) => log(`error ${event.detail.code}: ${event.detail.message}`));
luca.addEventListener('luca-checkin-cancelled', (event) => log(`cancelled ${event.detail.checkinId}`));

document.getElementById('cancel-booking').addEventListener('click', async () => {
  const button = document.getElementById('cancel-booking');
  button.disabled = true;
  try {
    while (tokens.length > 0) {
      await luca.cancel(tokens[0]);
      tokens.shift();
    }
  } catch (error) {
    // Some registrations could not be cancelled (e.g. the booked time has begun): say so, keep the rest.
    document.getElementById('confirmation').textContent = `Die Stornierung ist nicht vollständig gelungen: ${error.message}`;
    button.disabled = false;
    return;
  }
  // The booking is gone: the page says so instead of still confirming it.
  document.getElementById('done-title').textContent = 'Reservierung storniert';
  document.getElementById('confirmation').textContent = 'Ihre Reservierung ist storniert; die Kontaktdaten der Gäste sind gelöscht.';
  document.getElementById('registrations').replaceChildren();
  button.hidden = true;
  button.disabled = false;
  document.getElementById('step-contact').hidden = true;
});
