/**
 * A fake camera for Chromium: a QR code rendered to PNG (npm qrcode), turned by ffmpeg into an
 * MJPEG video that Chromium plays as the camera (--use-file-for-fake-video-capture). The first
 * second shows an empty frame, so the test also covers "the QR appears in front of the camera".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { scannableMask } from '../../client/qr-mask.ts';

export async function fakeCameraShowing(text: string, options: { blankSeconds?: number } = {}): Promise<{ file: string; args: string[] }> {
  const png = join(mkdtempSync(join(tmpdir(), 'luca-qr-')), 'qr.png');
  // A whole number of pixels per module, and no rescaling afterwards: fractional modules blur
  // into JPEG artefacts that a loaded CI machine's decoder then misses now and then.
  // A mask our scanner reads, as the apps print them (client/qr-mask.ts).
  const maskPattern = (await scannableMask(text, 'M')) as QRCode.QRCodeMaskPattern;
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern }).modules.size + 2 * 4;
  await QRCode.toFile(png, text, { errorCorrectionLevel: 'M', margin: 4, scale: Math.max(2, Math.floor(440 / modules)), maskPattern });
  return fakeCameraFromImage(png, options);
}

/** A fake camera filming a picture, e.g. a screenshot of a printed poster's QR code. */
export function fakeCameraFromImage(png: string, options: { blankSeconds?: number } = {}): { file: string; args: string[] } {
  const blank = options.blankSeconds ?? 1;
  const file = join(mkdtempSync(join(tmpdir(), 'luca-camera-')), 'camera.mjpeg');
  // Pictures that fit are filmed as they are; larger ones (poster screenshots) shrink to fit.
  const fit = "scale=w='min(iw,600)':h='min(ih,460)':force_original_aspect_ratio=decrease";
  const qr = `[1:v]${fit},pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white,setsar=1[qr]`;
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=white:s=640x480:d=${Math.max(blank, 0.1)}:r=10`,
    '-loop',
    '1',
    '-t',
    '4',
    '-r',
    '10',
    '-i',
    png,
    // Chromium's fake camera plays only 4:2:0 MJPEG (4:4:4 shows a green frame).
    '-filter_complex',
    blank > 0 ? `${qr};[0:v]setsar=1[blank];[blank][qr]concat=n=2:v=1,format=yuvj420p[out]` : `${qr};[qr]format=yuvj420p[out]`,
    '-map',
    '[out]',
    '-f',
    'mjpeg',
    '-q:v',
    '2',
    file,
  ]);
  return {
    file,
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
  };
}
