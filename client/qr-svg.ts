/**
 * QR codes as SVG (npm qrcode), sized to a whole number of pixels per module. At fractional
 * scales the rows of modules round differently and leave hairline seams inside dark areas,
 * which cheap phone cameras (and the test's fake camera) then misread. The mask is one our own
 * scanner reads (qr-mask.ts).
 */
import QRCode from 'qrcode';
import { scannableMask } from './qr-mask.ts';

const MARGIN = 2;

export async function qrSvg(text: string, targetPx: number, errorCorrectionLevel: 'L' | 'M' = 'M'): Promise<string> {
  const maskPattern = (await scannableMask(text, errorCorrectionLevel)) as QRCode.QRCodeMaskPattern;
  const modules = QRCode.create(text, { errorCorrectionLevel, maskPattern }).modules.size + 2 * MARGIN;
  const size = Math.max(1, Math.floor(targetPx / modules)) * modules;
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel, margin: MARGIN, maskPattern });
  return svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
}
