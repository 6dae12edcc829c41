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
const STATE = resolve(import.meta.dirname, '../.wrangler/state');

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

console.log(`
luca-next runs on the real engine (workerd + local D1):

  Guest app            ${server.origin}/
  Venue app            ${server.origin}/venue/
${venueCodes.map((entry) => `  Take over ${entry.name.padEnd(10)} ${formatClaimCode(entry.code)}   (venue app: sign up, then "Betrieb mit Übernahmecode übernehmen")\n`).join('')}  Health office        ${server.origin}/health/   (join as admin with setup code ${formatOfficeCode(officeSetupCode)})
  Widget demo pages    ${hosts.origin}/   (table booking, cinema ticket)
  API health           ${server.origin}/api/health
  Demo venue check-in  ${checkInLink}
  Demo venue code      ${formatVenueCode(await venueCode(world.venue.card))}   (typed in the guest app when the camera fails)

${await QRCode.toString(checkInLink, { type: 'terminal', small: true })}
Demo keys (local use only) are in .local/demo-world.json. Stop with Ctrl+C.
`);

const shutdown = () => void Promise.all([server.stop(), hosts.stop()]).then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
