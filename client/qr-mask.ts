/**
 * Picks a QR mask pattern that our own scanner reads. zxing-js (the guest app's decoder) fails
 * on some codes depending on the mask the encoder chose and on how large the code appears: for
 * one real venue link, mask 3 failed on pixel-perfect images from 5 pixels per module up and
 * mask 7 from 6 up, while the other six read at every size. Every code we render (posters,
 * kiosk, downloads, the tests' fake camera) is therefore decoded here first, from clean
 * renderings of its modules at several sizes, and another mask is chosen if needed.
 * Runs in the browser and in Node; zxing is loaded on demand, so it stays out of first loads.
 */
import QRCode from 'qrcode';

export type ErrorCorrection = 'L' | 'M' | 'Q' | 'H';
/** Pixels per module to try: a phone sees a poster's code at roughly 3 to 13. */
const SCALES = [3, 5, 7, 10, 13];
const QUIET = 4;

type Zxing = typeof import('@zxing/library');

async function zxing(): Promise<Zxing> {
  const loaded = await import('@zxing/library');
  // Node sees the CommonJS build through a default export; bundlers see named exports.
  return (loaded as unknown as { default?: Zxing }).default ?? loaded;
}

interface Modules {
  size: number;
  get(row: number, column: number): number;
}

function decodesAt(lib: Zxing, text: string, modules: Modules, scale: number): boolean {
  const width = (modules.size + 2 * QUIET) * scale;
  const pixels = new Uint8ClampedArray(width * width).fill(255);
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      for (let y = 0; y < scale; y++)
        pixels.fill(
          0,
          ((row + QUIET) * scale + y) * width + (column + QUIET) * scale,
          ((row + QUIET) * scale + y) * width + (column + QUIET + 1) * scale,
        );
    }
  }
  try {
    const bitmap = new lib.BinaryBitmap(new lib.HybridBinarizer(new lib.RGBLuminanceSource(pixels, width, width)));
    return new lib.QRCodeReader().decode(bitmap).getText() === text;
  } catch {
    return false;
  }
}

/** How many of the sizes our scanner reads this rendering at. */
function sizesRead(lib: Zxing, text: string, modules: Modules): number {
  return SCALES.filter((scale) => decodesAt(lib, text, modules, scale)).length;
}

/** The encoder's preferred mask if our scanner reads it at every size, else the first other that does (else the best). */
export async function scannableMask(text: string, errorCorrectionLevel: ErrorCorrection): Promise<number> {
  const lib = await zxing();
  const preferred = QRCode.create(text, { errorCorrectionLevel }).maskPattern as number;
  let best = { mask: preferred, read: -1 };
  for (const mask of [preferred, 0, 1, 2, 3, 4, 5, 6, 7].filter((candidate, index, all) => all.indexOf(candidate) === index)) {
    const read = sizesRead(lib, text, QRCode.create(text, { errorCorrectionLevel, maskPattern: mask as QRCode.QRCodeMaskPattern }).modules);
    if (read === SCALES.length) return mask;
    if (read > best.read) best = { mask, read };
  }
  return best.mask;
}
