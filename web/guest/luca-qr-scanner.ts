import { LitElement, css, html, nothing } from 'lit';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { ProtocolError } from '../../protocol/bytes.ts';
import { type VenueQrPayload, parseVenueQrUrl } from '../../protocol/venue.ts';
import { theme } from '../../client/theme.ts';
import { guestMessages } from './messages.ts';
import type { Camera } from './scanner-engine.ts';

export interface ScannedDetail {
  payload: VenueQrPayload;
}

type Problem = 'denied' | 'missing' | 'failed' | 'foreign';

/**
 * Camera check-in: loads the QR decoder on first use, lets the guest pick a camera (the rear
 * camera by default), and reports the first luca code of this origin it sees. Codes of other
 * sites are ignored with a message; camera problems explain the way out (manual entry).
 *
 * @fires luca-scanned - a check-in code was read; detail: { payload }
 * @fires luca-scan-closed - the guest closed the camera
 */
export class LucaQrScanner extends LitElement {
  static override properties = {
    cameras: { state: true },
    cameraId: { state: true },
    problem: { state: true },
  };

  static override styles = [
    theme,
    css`
      .frame {
        position: relative;
        aspect-ratio: 1;
        max-width: 24rem;
        background: #111;
        border-radius: var(--luca-radius);
        overflow: hidden;
      }
      video {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .row {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        flex-wrap: wrap;
        margin: 0.75rem 0;
      }
      select {
        font: inherit;
        min-height: 2.75rem;
      }
    `,
  ];

  private readonly i18n = new Localized(this, guestMessages);
  declare cameras: Camera[];
  declare cameraId: string | undefined;
  declare problem: Problem | undefined;
  private stop: (() => void) | undefined;

  constructor() {
    super();
    this.cameras = [];
  }

  override firstUpdated(): void {
    void this.start(undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
  }

  private async start(deviceId: string | undefined): Promise<void> {
    this.stop?.();
    this.problem = undefined;
    const video = this.renderRoot.querySelector('video');
    if (!video) return;
    try {
      const engine = await import('./scanner-engine.ts');
      const cameras = await engine.listCameras();
      if (cameras.length === 0) {
        this.problem = 'missing';
        return;
      }
      const chosen = deviceId ?? cameras.find((camera) => /back|rear|rück|environment/i.test(camera.label))?.deviceId;
      // Timing mark for `npm run bench` (QR in view -> check-in confirmed): frames are flowing.
      video.addEventListener('playing', () => performance.mark('luca:camera-live'), { once: true });
      this.stop = await engine.startScanning(video, chosen, (text) => this.onText(text));
      this.cameras = await engine.listCameras(); // labels are known once permission was given
      this.cameraId = chosen ?? this.cameras[0]?.deviceId;
    } catch (error) {
      const name = error instanceof DOMException || error instanceof Error ? error.name : '';
      this.problem =
        name === 'NotAllowedError' || name === 'SecurityError'
          ? 'denied'
          : name === 'NotFoundError' || name === 'OverconstrainedError'
            ? 'missing'
            : 'failed';
    }
  }

  private onText(text: string): void {
    try {
      const payload = parseVenueQrUrl(text, location.origin);
      this.stop?.();
      this.stop = undefined;
      emit(this, 'luca-scanned', { payload });
    } catch (error) {
      if (error instanceof ProtocolError) this.problem = 'foreign';
    }
  }

  private close(): void {
    this.stop?.();
    emit(this, 'luca-scan-closed');
  }

  private problemText(problem: Problem): string {
    return {
      denied: this.i18n.messages.cameraDenied,
      missing: this.i18n.messages.cameraMissing,
      failed: this.i18n.messages.cameraFailed,
      foreign: this.i18n.messages.notLucaCode,
    }[problem];
  }

  override render() {
    return html`<p id="hint">${this.i18n.messages.scanHint}</p>
      <div class="frame"><video muted playsinline aria-describedby="hint"></video></div>
      ${this.problem ? html`<p role="alert" class="error" data-testid="scan-problem">${this.problemText(this.problem)}</p>` : nothing}
      <div class="row">
        ${
          this.cameras.length > 1
            ? html`<label
              >${this.i18n.messages.camera}
              <select @change=${(event: Event) => this.start((event.target as HTMLSelectElement).value)}>
                ${this.cameras.map((camera, index) => html`<option value=${camera.deviceId} ?selected=${camera.deviceId === this.cameraId}>${camera.label || `${this.i18n.messages.camera} ${index + 1}`}</option>`)}
              </select></label
            >`
            : nothing
        }
        <button class="secondary" @click=${this.close}>${this.i18n.messages.stopScan}</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-scanned': CustomEvent<ScannedDetail>;
    'luca-scan-closed': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-qr-scanner': LucaQrScanner;
  }
}
