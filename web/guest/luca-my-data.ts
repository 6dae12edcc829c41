import { LitElement, css, html } from 'lit';
import type { ContactData } from '../../protocol/contact.ts';
import { theme } from '../../client/theme.ts';
import type { GuestMessages } from './messages.ts';

/**
 * The guest's own data: edit the contact data (the form bubbles luca-contact-saved to the app)
 * and delete everything from the device (the app asks first, saying what is lost).
 *
 * @fires luca-delete-everything - the guest confirmed deleting all data
 */
export class LucaMyData extends LitElement {
  static override properties = {
    messages: { attribute: false },
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

  declare messages: GuestMessages;
  declare contact: ContactData | undefined;

  override render() {
    return html`<h2>${this.messages.myDataTitle}</h2>
      <luca-contact-form .messages=${this.messages} .initial=${this.contact}></luca-contact-form>
      <section class="danger">
        <h3>${this.messages.deleteTitle}</h3>
        <p>${this.messages.deleteHint}</p>
        <button @click=${() => this.dispatchEvent(new CustomEvent('luca-delete-everything', { bubbles: true, composed: true }))}>${this.messages.deleteTitle}</button>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-my-data': LucaMyData;
  }
}
