import { LitElement, css, html, nothing } from 'lit';
import { Localized } from '../../client/locale.ts';
import { encodeVenueQrPayload, pinnedPayloadOf } from '../../protocol/venue.ts';
import { type WidgetMode, WIDGET_MODES } from '../../protocol/widget.ts';
import { widgetSnippet } from './widget-snippet.ts';
import { formFields, theme } from '../../client/theme.ts';
import { venueMessages } from './messages.ts';
import type { OwnVenue } from './venue-api.ts';

/**
 * The widget snippet for the venue's website (issue 4): booking, ticket or kiosk, with the venue's
 * keys pinned in the venue attribute (trust model 4), ready to copy.
 */
export class LucaWidgetSnippet extends LitElement {
  static override properties = {
    venue: { attribute: false },
    mode: { state: true },
    payload: { state: true },
    copied: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      fieldset {
        border: 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1.25rem;
      }
      legend {
        font-weight: 600;
      }
      fieldset label {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        font-weight: 400;
        min-height: 2.75rem;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
        font-size: 0.85rem;
      }
    `,
  ];

  private readonly i18n = new Localized(this, venueMessages);
  declare venue: OwnVenue;
  declare mode: WidgetMode;
  declare payload: string | undefined;
  declare copied: boolean;

  constructor() {
    super();
    this.mode = 'booking';
    this.copied = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const card = this.venue.card;
    this.payload = encodeVenueQrPayload(await pinnedPayloadOf(card));
  }

  private async copy(): Promise<void> {
    const code = this.renderRoot.querySelector('textarea');
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code.value);
    } catch {
      code.select(); // no clipboard permission: leave it selected for Ctrl+C
      return;
    }
    this.copied = true;
  }

  override render() {
    if (!this.payload) return html`<p aria-busy="true">…</p>`;
    const m = this.i18n.messages;
    const labels: Record<WidgetMode, string> = { booking: m.snippetBooking, ticket: m.snippetTicket, kiosk: m.snippetKiosk };
    const notes: Record<WidgetMode, string> = { booking: m.snippetBookingNote, ticket: m.snippetTicketNote, kiosk: m.snippetKioskNote };
    return html`<h3>${m.snippetTitle}</h3>
      <p>${m.snippetIntro}</p>
      ${this.venue.allowedOrigins.length === 0 ? html`<p class="muted">${m.snippetNoOrigins}</p>` : nothing}
      <fieldset>
        <legend>${m.snippetUse}</legend>
        ${WIDGET_MODES.map(
          (mode) => html`<label
            ><input type="radio" name="snippet-mode" .checked=${this.mode === mode} @change=${() => ((this.mode = mode), (this.copied = false))} />${labels[mode]}</label
          >`,
        )}
      </fieldset>
      <p>${notes[this.mode]}</p>
      <p><a href="/widget/WIDGET.md" target="_blank" rel="noopener">${m.snippetGuide}</a></p>
      <label
        >${m.snippetCode}
        <textarea readonly rows="12" data-testid="widget-snippet" .value=${widgetSnippet(location.origin, this.payload, this.mode)}></textarea>
      </label>
      <p><button class="secondary" @click=${this.copy}>${m.copy}</button> ${this.copied ? html`<span role="status">${m.copied}</span>` : nothing}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-widget-snippet': LucaWidgetSnippet;
  }
}
