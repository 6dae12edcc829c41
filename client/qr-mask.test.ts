import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { scannableMask } from './qr-mask.ts';

// A real venue link (from a demo world) whose encoder-preferred mask 3 zxing-js cannot read.
const STUBBORN =
  'http://localhost:8797/c#1.qCvE201Rwc8GLcChytwAPw.XgKdS-aZdSfqArA2oEpl3Q.BPt3SyKOW8agi5Vq25p3VHPOMAP5mXKPE7xz15GvIFsc42ax4N0tJUhZbj3-wsZ1n3Cl_laReUAl4xAc2rKiVW4.FMi0uma_LnsT6N2Frs1lMA.terrasse';

describe('scannable QR mask', () => {
  it('moves away from a mask our scanner cannot read', async () => {
    expect(QRCode.create(STUBBORN, { errorCorrectionLevel: 'M' }).maskPattern).toBe(3);
    const mask = await scannableMask(STUBBORN, 'M');
    expect(mask).not.toBe(3);
    expect(mask).not.toBe(7);
  });

  it('keeps the encoder’s choice when it reads', async () => {
    const text = 'http://localhost:8787/c#hello';
    expect(await scannableMask(text, 'M')).toBe(QRCode.create(text, { errorCorrectionLevel: 'M' }).maskPattern);
  });
});
