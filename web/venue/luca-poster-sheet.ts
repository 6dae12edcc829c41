import { LitElement, css, html, nothing } from 'lit';
import { Localized } from '../../client/locale.ts';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import QRCode from 'qrcode';
import { formatVenueCode, venueCode } from '../../protocol/venue-code.ts';
import { type VenueQrPayload, pinnedPayloadOf, venueQrUrl } from '../../protocol/venue.ts';
import { scannableMask } from '../../client/qr-mask.ts';
import { qrSvg } from '../../client/qr-svg.ts';
import { theme } from '../../client/theme.ts';

/** About 120 mm on an A4 page (96 CSS pixels per inch). */
const POSTER_QR_PX = 453;
import { venueMessages } from './messages.ts';
import type { OwnVenue } from './venue-api.ts';

/**
 * A print-ready A4 poster for the venue or one of its areas: name, QR code, short instructions in
 * German and English, and the venue code. The QR carries only public data and pins the venue's
 * keys (trust model 4, 8). SVG and PNG downloads for the venue's own printing.
 */
export class LucaPosterSheet extends LitElement {
  static override properties = {
    venue: { attribute: false },
    areaId: { type: String },
    svg: { state: true },
    code: { state: true },
    url: { state: true },
  };

  static override styles = [
    theme,
    css`
      .sheet {
        width: 210mm;
        min-height: 297mm;
        box-sizing: border-box;
        padding: 18mm;
        margin: 1rem auto;
        background: white;
        box-shadow: 0 0 0 1px #cbd5e1;
        text-align: center;
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 6mm;
      }
      h1 {
        font-size: 30pt;
        margin: 0;
      }
      .area {
        font-size: 20pt;
        margin: 0;
      }
      .steps {
        font-size: 15pt;
        max-width: 160mm;
      }
      .code {
        font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
        font-size: 20pt;
        letter-spacing: 0.06em;
      }
      .toolbar {
        display: flex;
        gap: 0.75rem;
        justify-content: center;
        flex-wrap: wrap;
      }
      @media print {
        .toolbar {
          display: none;
        }
        .sheet {
          margin: 0;
          box-shadow: none;
        }
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueMessages);
  declare venue: OwnVenue;
  declare areaId: string | undefined;
  declare svg: string | undefined;
  declare code: string | undefined;
  declare url: string | undefined;

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('venue') && !changed.has('areaId')) return;
    void this.drawCode();
  }

  /** The QR code and the typed venue code for the venue (and area) now shown. */
  private async drawCode(): Promise<void> {
    const card = this.venue.card;
    const payload: VenueQrPayload = { ...(await pinnedPayloadOf(card)), areaId: this.areaId || undefined };
    this.url = venueQrUrl(location.origin, payload);
    this.svg = await qrSvg(this.url, POSTER_QR_PX);
    this.code = formatVenueCode(await venueCode(card));
  }

  private async download(kind: 'svg' | 'png'): Promise<void> {
    if (!this.url || !this.svg) return;
    const href =
      kind === 'svg'
        ? URL.createObjectURL(new Blob([this.svg], { type: 'image/svg+xml' }))
        : await QRCode.toDataURL(this.url, {
            errorCorrectionLevel: 'M',
            margin: 2,
            width: 1200,
            maskPattern: (await scannableMask(this.url, 'M')) as QRCode.QRCodeMaskPattern,
          });
    const link = document.createElement('a');
    link.href = href;
    link.download = `luca-qr-${this.venue.card.venueId}${this.areaId ? `-${this.areaId}` : ''}.${kind}`;
    link.click();
  }

  override render() {
    const area = this.venue.card.areas.find((candidate) => candidate.id === this.areaId);
    return html`<div class="toolbar">
        <button @click=${() => window.print()}>${this.i18n.messages.print}</button>
        <button class="secondary" @click=${() => this.download('svg')}>${this.i18n.messages.downloadSvg}</button>
        <button class="secondary" @click=${() => this.download('png')}>${this.i18n.messages.downloadPng}</button>
      </div>
      <article class="sheet" lang="de">
        <h1>${this.venue.card.name}</h1>
        ${area ? html`<p class="area">${area.name}</p>` : nothing}
        <p class="steps"><strong>${this.i18n.messages.posterHeading}</strong><br />${this.i18n.messages.posterSteps}</p>
        <div class="qr" data-testid="poster-qr" role="img" aria-label=${this.url ?? ''}>${this.svg ? unsafeHTML(this.svg) : nothing}</div>
        <p class="steps" lang="en">${this.i18n.messages.posterStepsEn}</p>
        <p>${this.i18n.messages.posterCode}<br /><span class="code" data-testid="poster-code">${this.code ?? ''}</span></p>
      </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-poster-sheet': LucaPosterSheet;
  }
}
