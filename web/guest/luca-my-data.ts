import { LitElement, css, html } from 'lit';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { theme } from '../../client/theme.ts';
import { guestMessages } from './messages.ts';

/**
 * The guest's own data: edit the contact data (the form bubbles luca-contact-saved to the app)
 * and delete everything from the device (the app asks first, saying what is lost).
 *
 * @fires luca-delete-everything - the guest confirmed deleting all data
 */
export class LucaMyData extends LitElement {
  static override properties = {
    contact: { attribute: false },
  };

  static override styles = [
    theme,
    css`
      .danger {
        margin-top: 2rem;
        border-top: 1px solid #cbd5e1;
        padding-top: 1rem;
      }
      .danger button {
        background: var(--luca-danger);
        border-color: var(--luca-danger);
      }
      .danger button.secondary {
        background: transparent;
        color: var(--luca-danger);
      }
    `,
  ];

  private readonly i18n = new Localized(this, guestMessages);
  declare contact: ContactData | undefined;

  override render() {
    return html`<h2>${this.i18n.messages.myDataTitle}</h2>
      <luca-contact-form .initial=${this.contact}></luca-contact-form>
      <section class="danger">
        <h3>${this.i18n.messages.deleteTitle}</h3>
        <p>${this.i18n.messages.deleteHint}</p>
        <button @click=${() => emit(this, 'luca-delete-everything')}>${this.i18n.messages.deleteTitle}</button>
      </section>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-delete-everything': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-my-data': LucaMyData;
  }
}
