// The restaurant's own booking script: it knows the table and the time, never the guests' contact data.
const luca = document.getElementById('luca');
const tokens = [];
const tomorrow = new Date(Date.now() + 86_400_000);
document.getElementById('date').value = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;

function log(text) {
  document.getElementById('events').textContent = text;
}

document.getElementById('booking-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const date = document.getElementById('date').value;
  const time = document.getElementById('time').value;
  const persons = document.getElementById('persons').value;
  const start = new Date(`${date}T${time}`);
  const end = new Date(start.getTime() + 2 * 3_600_000);
  luca.setAttribute('slot-start', start.toISOString());
  luca.setAttribute('slot-end', end.toISOString());
  luca.setAttribute('reference', `Tisch für ${persons}`);
  document.getElementById('booking-summary').textContent = `${start.toLocaleString('de-DE', { dateStyle: 'full', timeStyle: 'short' })}, ${persons} Personen`;
  document.getElementById('step-contact').hidden = false;
});

luca.addEventListener('luca-checkin-registered', (event) => {
  tokens.push(event.detail.cancelToken);
  const item = document.createElement('li');
  item.textContent = `Gast registriert (${new Date(event.detail.window.start).toLocaleString('de-DE')})`;
  document.getElementById('registrations').append(item);
  document.getElementById('confirmation').textContent = `Ihr Tisch ist reserviert. ${tokens.length} Gast/Gäste registriert.`;
  document.getElementById('step-done').hidden = false;
  log(`registered ${event.detail.checkinId}`);
});

luca.addEventListener('luca-checkin-error', (event) => log(`error ${event.detail.code}: ${event.detail.message}`));
luca.addEventListener('luca-checkin-cancelled', (event) => log(`cancelled ${event.detail.checkinId}`));

document.getElementById('cancel-booking').addEventListener('click', async () => {
  for (const token of tokens.splice(0)) await luca.cancel(token);
  document.getElementById('confirmation').textContent = 'Die Reservierung wurde storniert.';
  document.getElementById('registrations').replaceChildren();
});
