/**
 * Guest check-in speed in headless Chromium with a fake camera that shows the demo poster's QR
 * code from the first frame: from the camera going live (QR in view) to the venue shown
 * (decoded, card fetched and verified) and to the check-in confirmed by the server (sealed in two
 * layers and stored). Read from the app's performance marks; the median of several runs.
 */
import { venueQrUrl } from '../protocol/venue.ts';
import { launchChromium } from '../e2e/support/browser.ts';
import { fakeCameraShowing } from '../e2e/support/fake-camera.ts';
import { onboard, sampleContact } from '../e2e/support/guest.ts';
import type { DemoWorld } from '../scripts/demo-world.ts';
import { median } from './stats.ts';

export async function benchGuestScan(
  world: DemoWorld,
  origin: string,
  runs: number,
): Promise<{ toVenueShown: number; toCheckedIn: number; runs: number }> {
  const camera = await fakeCameraShowing(venueQrUrl(origin, world.venue.qr), { blankSeconds: 0 });
  const browser = await launchChromium(camera.args);
  const shown: number[] = [];
  const checkedIn: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ locale: 'de-DE' });
      const page = await context.newPage();
      await onboard(page, origin, sampleContact);
      await page.getByRole('button', { name: 'QR-Code scannen' }).click();
      // The confirm button is pressed as soon as it appears: a person's reaction time is not ours.
      await page.getByRole('button', { name: 'Einchecken', exact: true }).click({ timeout: 30_000 });
      await page.locator('[data-testid="stay-venue"]').waitFor();
      const marks = await page.evaluate(() =>
        Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime])),
      );
      const live = marks['luca:camera-live'];
      const venue = marks['luca:venue-shown'];
      const done = marks['luca:checked-in'];
      if (live === undefined || venue === undefined || done === undefined)
        throw new Error(`missing timing marks: ${JSON.stringify(marks)}`);
      shown.push(venue - live);
      checkedIn.push(done - live);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { toVenueShown: median(shown), toCheckedIn: median(checkedIn), runs };
}
