/**
 * The QR decoder: @zxing/browser on the camera stream. This module is only ever imported
 * dynamically (by luca-qr-scanner), so the ~125 KB decoder stays out of the first load.
 */
import { BrowserCodeReader, BrowserQRCodeReader } from '@zxing/browser';

export interface Camera {
  deviceId: string;
  /** The browser's name for it; empty before camera permission is given. */
  label: string;
}

export async function listCameras(): Promise<Camera[]> {
  const devices = await BrowserCodeReader.listVideoInputDevices();
  return devices.map((device) => ({ deviceId: device.deviceId, label: device.label }));
}

/** Decodes QR codes from `deviceId` into `video` until the returned stop function is called. */
export async function startScanning(
  video: HTMLVideoElement,
  deviceId: string | undefined,
  onText: (text: string) => void,
): Promise<() => void> {
  const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 100 });
  const controls = await reader.decodeFromVideoDevice(deviceId, video, (result) => {
    if (result) onText(result.getText());
  });
  return () => controls.stop();
}
