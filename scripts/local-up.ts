/**
 * `npm start`: the whole system on the real engine. Applies the D1 migrations to the local
 * database, seeds the demo office and venues, draws fresh one-time codes (the demo office's setup
 * code, a takeover code for each demo venue not yet taken over) and prints them, and serves PWA,
 * widget and API from `wrangler dev` on http://localhost:8787 until Ctrl+C.
 */
import { resolve } from 'node:path';
import QRCode from 'qrcode';
import { venueQrUrl } from '../protocol/venue.ts';
import { formatVenueCode, venueCode } from '../protocol/venue-code.ts';
import { loadDemoWorld } from './demo-world.ts';
import { startDemoHosts } from './demo-hosts.ts';
import { applyMigrations, seedDemo, seedDemoOfficeSetup, seedDemoVenueClaims, startDevServer } from './local-server.ts';
import { formatOfficeCode, generateOfficeCode } from '../protocol/office-keyring.ts';
import { formatClaimCode } from '../protocol/venue-claim.ts';

const PORT = Number(process.env.PORT ?? 8787);
/** The widget's demo host pages: another origin, as a venue's own website would be. */
const HOSTS_PORT = Number(process.env.HOSTS_PORT ?? 8788);
const HOSTS_ORIGIN = `http://127.0.0.1:${HOSTS_PORT}`;
/** The local D1 and its state; another directory (LUCA_STATE_DIR) gives a second, separate demo, as the README test uses. */
const STATE = process.env.LUCA_STATE_DIR ?? resolve(import.meta.dirname, '../.wrangler/state');

const world = await loadDemoWorld();
console.log('Applying D1 migrations to the local database …');
applyMigrations(STATE);
console.log('Seeding the demo health office and venue …');
seedDemo(STATE, world, { embedOrigins: [HOSTS_ORIGIN] });
// A fresh one-time code each start: whoever opens /health/ first with it becomes an admin.
const officeSetupCode = generateOfficeCode();
await seedDemoOfficeSetup(STATE, world, officeSetupCode);
// Likewise for each demo venue no operator holds yet: the code hands its keys to a venue account.
const venueCodes = await seedDemoVenueClaims(STATE, world);
const server = await startDevServer({ port: PORT, persistTo: STATE, inheritOutput: true });
const hosts = await startDemoHosts({ port: HOSTS_PORT, appOrigin: server.origin, world });
const checkInLink = venueQrUrl(server.origin, world.venue.qr);

const office = world.office.certificate;
// The health office's app has an origin of its own, served by the same server (PROTOCOL.md "Origins").
const officeOrigin = server.origin.replace('://', '://office.');
const takeover = [world.venue, world.cinema].map((venue) => {
  const drawn = venueCodes.find((entry) => entry.venueId === venue.card.venueId);
  return `      ${venue.card.name.padEnd(10)} ${drawn ? formatClaimCode(drawn.code) : 'already held by an operator account (yours, if you took it over before)'}`;
});

// Everything a newcomer needs to play every role alone; README.md "Try it" walks through it.
console.log(`
luca-next runs on the real engine (workerd + local D1). Open it as http://localhost:${PORT}
(not 127.0.0.1: passkeys need a host name). The whole tracing path, step by step: README.md, "Try it".

  GUEST         ${server.origin}/
      Check in at "Café Demo": open the link below, scan the QR code, or type the venue code
      ${formatVenueCode(await venueCode(world.venue.card))} under "Ohne Kamera".
      ${checkInLink}

  VENUE         ${server.origin}/venue/   (sign up with a passkey, then "Betrieb mit Übernahmecode übernehmen")
${takeover.join('\n')}

  HEALTH OFFICE ${officeOrigin}/health/   (the office's own origin; a private window: one session per browser)
      "${office.name}", responsible for postcodes ${office.postcodes.join(', ')}.
      Join as its admin with the one-time setup code ${formatOfficeCode(officeSetupCode)}

  WEBSITES      ${hosts.origin}/   (Café Demo's table booking, Kino Demo's ticket shop, with the <luca-checkin> widget)
  API           ${server.origin}/api/health
  RETENTION     curl ${server.origin}/__scheduled   (runs the daily retention job now; docs/ARCHITECTURE.md "Retention")

${await QRCode.toString(checkInLink, { type: 'terminal', small: true })}
Codes are one-time and new at every start. Demo keys (local use only) are in .local/demo-world.json. Stop with Ctrl+C.
`);

const shutdown = () => void Promise.all([server.stop(), hosts.stop()]).then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
