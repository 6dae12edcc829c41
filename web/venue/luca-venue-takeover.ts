import { LitElement, html } from 'lit';
import { ApiRequestError } from '../../client/api.ts';
import { describeError } from '../../client/error-text.ts';
import { theme } from '../../client/theme.ts';
import type { KeyFormDetail } from './luca-key-form.ts';
import type { VenueMessages } from './messages.ts';
import type { OwnVenue } from './venue-api.ts';
import { TakeoverKeysError, takeOverVenue } from './venue-service.ts';

/**
 * "Take over a venue with a code": the one-time code `npm start` printed for a venue whose keys
 * the deployment holds, and the passphrase for its recovery kit (asked first: the kit is made
 * the moment the keys arrive). A refusal of the code is shown next to the code field.
 *
 * @fires luca-venue-claimed - the venue is the operator's and its keys are here; detail: { venue }
 * @fires luca-notice - something to tell outside the form; detail: { text, reload }
 */
export class LucaVenueTakeover extends LitElement {
  static override properties = {
    messages: { attribute: false },
    busy: { state: true },
    errors: { state: true },
  };

  static override styles = [theme];

  declare messages: VenueMessages;
  declare busy: boolean;
  declare errors: Record<string, string>;

  constructor() {
    super();
    this.busy = false;
    this.errors = {};
  }

  private notice(text: string, reload: boolean): void {
    this.dispatchEvent(new CustomEvent('luca-notice', { detail: { text, reload }, bubbles: true, composed: true }));
  }

  private async onSubmit(event: CustomEvent<KeyFormDetail>): Promise<void> {
    this.busy = true;
    this.errors = {};
    try {
      const { venue } = await takeOverVenue(event.detail.code ?? '', event.detail.passphrase);
      this.dispatchEvent(new CustomEvent<{ venue: OwnVenue }>('luca-venue-claimed', { detail: { venue }, bubbles: true, composed: true }));
    } catch (error) {
      if (error instanceof TakeoverKeysError) this.notice(this.messages.claimKeysWrong(error.venue.card.name), true);
      else if (error instanceof ApiRequestError && error.field === 'code') this.errors = { code: describeError(error, this.messages.errors) };
      else this.notice(describeError(error, this.messages.errors), false);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<h2>${this.messages.claimLink}</h2>
      <p>${this.messages.claimIntro}</p>
      <luca-key-form .messages=${this.messages} withCode submitLabel=${this.messages.claim} busyLabel=${this.messages.claiming} ?busy=${this.busy} .errors=${this.errors} @luca-key-form=${this.onSubmit}></luca-key-form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-venue-takeover': LucaVenueTakeover;
  }
}
