import { LitElement, html } from 'lit';
import { ActionState } from '../../client/action-state.ts';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { ApiRequestError } from '../../client/api.ts';
import { describeError } from '../../client/error-text.ts';
import { theme } from '../../client/theme.ts';
import type { KeyFormDetail } from './luca-key-form.ts';
import { venueMessages } from './messages.ts';
import type { OwnVenue } from './venue-api.ts';
import { TakeoverKeysError, takeOverVenue } from './venue-service.ts';

/**
 * "Take over a venue with a code": the one-time code `npm start` printed for a venue whose keys
 * the deployment holds, and the passphrase for its recovery kit, drawn by the key form and typed
 * back before the code is sent (the kit is made the moment the keys arrive). A refusal of the
 * code is shown next to the code field.
 *
 * @fires luca-venue-claimed - the venue is the operator's and its keys are here; detail: { venue }
 * @fires luca-notice - something to tell outside the form; detail: { text, reload }
 */
export class LucaVenueTakeover extends LitElement {
  static override properties = {
    errors: { state: true },
  };

  static override styles = [theme];

  private readonly i18n = new Localized(this, venueMessages);
  private readonly action = new ActionState(this, (error) => describeError(error, this.i18n.messages.errors));
  declare errors: Record<string, string>;

  constructor() {
    super();
    this.errors = {};
  }

  private notice(text: string, reload: boolean): void {
    emit(this, 'luca-notice', { text, reload });
  }

  private async onSubmit(event: CustomEvent<KeyFormDetail>): Promise<void> {
    this.errors = {};
    // Every failure is shown elsewhere: at the code field, or as the app's notice.
    await this.action.run(
      async () => {
        const { venue } = await takeOverVenue(event.detail.code ?? '', event.detail.passphrase);
        emit(this, 'luca-venue-claimed', { venue });
      },
      (error) => {
        if (error instanceof TakeoverKeysError) this.notice(this.i18n.messages.claimKeysWrong(error.venue.card.name), true);
        else if (error instanceof ApiRequestError && error.field === 'code')
          this.errors = { code: describeError(error, this.i18n.messages.errors) };
        else this.notice(describeError(error, this.i18n.messages.errors), false);
        return '';
      },
    );
  }

  override render() {
    return html`<h2>${this.i18n.messages.claimLink}</h2>
      <p>${this.i18n.messages.claimIntro}</p>
      <luca-key-form withCode submitLabel=${this.i18n.messages.claim} busyLabel=${this.i18n.messages.claiming} ?busy=${this.action.busy} .errors=${this.errors} @luca-key-form=${this.onSubmit}></luca-key-form>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-notice': CustomEvent<{ text: string; reload: boolean }>;
    'luca-venue-claimed': CustomEvent<{ venue: OwnVenue }>;
  }
  interface HTMLElementTagNameMap {
    'luca-venue-takeover': LucaVenueTakeover;
  }
}
