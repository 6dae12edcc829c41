import { LitElement, css, html, nothing } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { kioskPeriod, signKioskToken } from '../../protocol/kiosk-code.ts';
import { type VenueQrPayload, encodeVenueQrPayload, pinnedPayloadOf, venueQrUrl } from '../../protocol/venue.ts';
import { qrSvg } from '../shared/qr-svg.ts';
import { theme } from '../shared/theme.ts';
import type { VenueMessages } from './messages.ts';
import type { OwnVenue } from './venue-api.ts';
import { venueKeys } from './venue-keys.ts';

/**
 * The tablet at the door: the venue's QR code with a token that changes every minute, signed
 * here with the venue key from this device (protocol/kiosk-code.ts), for guests with the app;
 * and beside it the <luca-checkin> widget in kiosk mode for guests without, carrying the same
 * token. Nothing is sent from here; phones and the widget's frame carry the token to the
 * Worker, which accepts it only while fresh.
 */
export class LucaKioskCode extends LitElement {
  static override properties = {
    messages: { attribute: false },
    venue: { attribute: false },
    svg: { state: true },
    period: { state: true },
    code: { state: true },
    pinned: { state: true },
    missingKey: { state: true },
  };

  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      h2 {
        font-size: 2rem;
        margin: 0;
        text-align: center;
      }
      .columns {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
        gap: 2rem;
        align-items: start;
      }
      .with-app {
        display: grid;
        justify-items: center;
        text-align: center;
        gap: 1rem;
      }
      h3 {
        font-size: 1.5rem;
        margin: 0;
      }
    `,
  ];

  declare messages: VenueMessages;
  declare venue: OwnVenue;
  declare svg: string | undefined;
  declare period: number | undefined;
  /** The current token as the widget's kiosk-code attribute: "period.signature". */
  declare code: string | undefined;
  declare pinned: VenueQrPayload | undefined;
  declare missingKey: boolean;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.missingKey = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    this.timer = setInterval(() => {
      if (kioskPeriod(Date.now()) !== this.period) void this.refresh();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  private async refresh(): Promise<void> {
    const keys = await venueKeys.get(this.venue.card.venueId);
    if (!keys) {
      this.missingKey = true;
      return;
    }
    const card = this.venue.card;
    const kiosk = await signKioskToken(keys.signing, card.venueId, Date.now());
    this.pinned ??= await pinnedPayloadOf(card);
    const url = venueQrUrl(location.origin, { ...this.pinned, kiosk });
    this.svg = await qrSvg(url, Math.min(window.innerWidth * 0.42, window.innerHeight * 0.6));
    this.period = kiosk.period;
    this.code = `${kiosk.period}.${kiosk.signature}`;
  }

  override render() {
    if (this.missingKey) return html`<p role="alert">${this.messages.kioskNeedsKey}</p>`;
    return html`<h2>${this.venue.card.name}</h2>
      <div class="columns">
        <section class="with-app" aria-labelledby="with-app">
          <h3 id="with-app">${this.messages.kioskWithApp}</h3>
          <p><strong>${this.messages.posterHeading}</strong> · ${this.messages.posterSteps}</p>
          <div class="qr" data-testid="kiosk-qr" data-period=${this.period ?? ''}>${this.svg ? unsafeHTML(this.svg) : nothing}</div>
          <p class="muted">${this.messages.kioskHint}</p>
        </section>
        <section aria-labelledby="without-app">
          <h3 id="without-app">${this.messages.kioskWithoutApp}</h3>
          ${this.pinned
            ? html`<luca-checkin mode="kiosk" venue=${encodeVenueQrPayload(this.pinned)} kiosk-code=${this.code ?? nothing} lang=${document.documentElement.lang || 'de'}></luca-checkin>`
            : nothing}
        </section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-kiosk-code': LucaKioskCode;
  }
}
