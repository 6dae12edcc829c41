import { LitElement, css, html, nothing } from 'lit';
import { Localized } from '../../client/locale.ts';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { encodeKioskToken, kioskPeriod, signKioskToken } from '../../protocol/kiosk-code.ts';
import { type VenueCard, type VenueQrPayload, encodeVenueQrPayload, pinnedPayloadOf, venueQrUrl } from '../../protocol/venue.ts';
import { qrSvg } from '../../client/qr-svg.ts';
import { theme } from '../../client/theme.ts';
import { venueMessages } from './messages.ts';
import { venueKeys } from './venue-keys.ts';

/**
 * The tablet at the door: the venue's QR code with a token that changes every minute, signed
 * here with the venue key from this device (protocol/kiosk-code.ts), for guests with the app;
 * and beside it the <luca-checkin> widget in kiosk mode for guests without, carrying the same
 * token. Nothing is sent from here; phones and the widget's frame carry the token to the
 * Worker, which accepts it only while fresh.
 *
 * It fills the height it is given and never needs the page to scroll: the QR code is sized to
 * its own area (whole pixels per module, re-drawn when the area changes), and the form scrolls
 * inside its own frame. Side by side in landscape, stacked in portrait.
 */
export class LucaKioskCode extends LitElement {
  static override properties = {
    card: { attribute: false },
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
        grid-template-rows: auto minmax(0, 1fr);
        gap: 0.5rem;
        min-height: 0;
        height: 100%;
      }
      h2 {
        font-size: 1.6rem;
        margin: 0;
        text-align: center;
      }
      .columns {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 1.5rem;
        min-height: 0;
      }
      section {
        display: flex;
        flex-direction: column;
        min-height: 0;
        min-width: 0;
      }
      h3 {
        font-size: 1.3rem;
        margin: 0 0 0.25rem;
        text-align: center;
      }
      .with-app p {
        margin: 0.25rem 0;
        text-align: center;
      }
      .qr {
        flex: 1 1 0;
        min-height: 0;
        display: flex;
        align-items: center;
        justify-content: center;
        overflow: hidden;
      }
      .qr svg {
        display: block;
      }
      luca-checkin {
        flex: 1 1 0;
        min-height: 0;
        overflow: hidden;
        border-radius: var(--luca-radius);
        background: var(--luca-paper);
      }
      /* The frame fills its area; its own document scrolls (the element would grow it to its content). */
      luca-checkin::part(frame) {
        height: 100% !important;
      }
      @media (orientation: portrait) {
        .columns {
          grid-template-columns: minmax(0, 1fr);
          grid-template-rows: minmax(0, 1fr) minmax(0, 1.15fr);
          gap: 0.75rem;
        }
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueMessages);
  declare card: VenueCard;
  declare svg: string | undefined;
  declare period: number | undefined;
  /** The current token as the widget's kiosk-code attribute: "period.signature". */
  declare code: string | undefined;
  declare pinned: VenueQrPayload | undefined;
  declare missingKey: boolean;
  private timer: ReturnType<typeof setInterval> | undefined;
  private resizer: ResizeObserver | undefined;
  /** The QR area's size in CSS pixels: the code is drawn to fit it. */
  private qrArea = 0;

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
    this.resizer?.disconnect();
  }

  protected override updated(): void {
    const area = this.renderRoot.querySelector<HTMLElement>('.qr');
    if (area && !this.resizer) {
      this.resizer = new ResizeObserver(() => {
        const size = Math.floor(Math.min(area.clientWidth, area.clientHeight));
        if (size > 0 && size !== this.qrArea) {
          this.qrArea = size;
          void this.refresh();
        }
      });
      this.resizer.observe(area);
    }
  }

  private async refresh(): Promise<void> {
    const keys = await venueKeys.get(this.card.venueId);
    if (!keys) {
      this.missingKey = true;
      return;
    }
    const kiosk = await signKioskToken(keys.signing, this.card.venueId, Date.now());
    this.pinned ??= await pinnedPayloadOf(this.card);
    const url = venueQrUrl(location.origin, { ...this.pinned, kiosk });
    // Until the area is measured, a size that fits any of the kiosk's screens.
    this.svg = await qrSvg(url, this.qrArea || Math.min(window.innerWidth * 0.4, window.innerHeight * 0.4));
    this.period = kiosk.period;
    this.code = encodeKioskToken(kiosk);
  }

  override render() {
    if (this.missingKey) return html`<p role="alert">${this.i18n.messages.kioskNeedsKey}</p>`;
    return html`<h2>${this.card.name}</h2>
      <div class="columns">
        <section class="with-app" aria-labelledby="with-app">
          <h3 id="with-app">${this.i18n.messages.kioskWithApp}</h3>
          <p>${this.i18n.messages.kioskSteps}</p>
          <div class="qr"><div data-testid="kiosk-qr" data-period=${this.period ?? ''}>${this.svg ? unsafeHTML(this.svg) : nothing}</div></div>
          <p class="muted">${this.i18n.messages.kioskHint}</p>
        </section>
        <section aria-labelledby="without-app">
          <h3 id="without-app">${this.i18n.messages.kioskWithoutApp}</h3>
          ${this.pinned ? html`<luca-checkin mode="kiosk" venue=${encodeVenueQrPayload(this.pinned)} kiosk-code=${this.code ?? nothing} lang=${this.i18n.lang}></luca-checkin>` : nothing}
        </section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-kiosk-code': LucaKioskCode;
  }
}
