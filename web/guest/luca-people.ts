import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { ActionState } from '../../client/action-state.ts';
import { confirmAction } from '../../client/confirm.ts';
import { describeError } from '../../client/error-text.ts';
import { emit } from '../../client/emit.ts';
import { Localized } from '../../client/locale.ts';
import { theme } from '../../client/theme.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { displayName } from '../../protocol/party.ts';
import type { Person } from './guest-store.ts';
import type { PersonSavedDetail } from './luca-person-form.ts';
import { type GuestMessages, guestMessages } from './messages.ts';
import { MAX_PEOPLE, PartyFullError, people } from './people.ts';

export interface PeopleChangedDetail {
  people: Person[];
}

export interface PersonOpenDetail {
  /** 'new', or the id of the person to edit. */
  id: string;
}

/**
 * "Personen": the children and adults without a phone of their own the guest checks in with.
 * Lists them (name, phone or "reached through you", own address or not), adds, edits and
 * removes them (removing asks first), and says plainly when the list is full: one check-in holds
 * at most ten people, the guest included. Everything stays on this device (web/guest/people.ts).
 * The form is a screen of its own (`#/people/new`, `#/people/<id>`): the app sets `editing` from
 * the address, so the browser's Back button leaves the form for the list.
 *
 * @fires luca-people-changed - the list changed; detail: { people }
 * @fires luca-person-open - the guest wants the form; detail: { id } ('new' or a person's id)
 * @fires luca-person-close - the form is done (saved or cancelled): back to the list
 */
export class LucaPeople extends LitElement {
  static override properties = {
    people: { attribute: false },
    lead: { attribute: false },
    editing: { attribute: false },
    notice: { state: true },
  };

  static override styles = [
    theme,
    css`
      ul {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.6rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        border: 1px solid #cbd5e1;
        border-radius: var(--luca-radius);
        padding: 0.6rem 0.9rem;
        background: var(--luca-paper);
      }
      .name {
        font-weight: 700;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .notice {
        border-left: 4px solid var(--luca-ok);
        padding-left: 0.75rem;
      }
      .full {
        border-left: 4px solid #b45309;
        padding-left: 0.75rem;
      }
    `,
  ];

  private readonly i18n = new Localized(this, guestMessages);
  private readonly action = new ActionState(this, (error) =>
    error instanceof PartyFullError ? this.i18n.messages.peopleFull(MAX_PEOPLE) : describeError(error, this.i18n.messages.errors),
  );
  declare people: Person[];
  /** The guest: the default address and the country a phone number is checked for. */
  declare lead: ContactData | undefined;
  /** The person in the form: 'new', a person's id, or undefined while the list shows (set by the app from the address). */
  declare editing: string | undefined;
  /** What just happened, said in the language shown (the guest may switch languages meanwhile). */
  declare notice: ((m: GuestMessages) => string) | undefined;

  constructor() {
    super();
    this.people = [];
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Back at the list after the form: the screen's heading, so a screen reader hears the notice beneath it.
    if (changed.has('editing') && changed.get('editing') !== undefined && this.editing === undefined)
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  private async changed(notice: (m: GuestMessages) => string): Promise<void> {
    this.people = await people.list();
    this.notice = notice;
    emit(this, 'luca-people-changed', { people: this.people });
    if (this.editing !== undefined) emit(this, 'luca-person-close');
  }

  private async onSaved(event: CustomEvent<PersonSavedDetail>): Promise<void> {
    const { companion } = event.detail;
    const editing = this.editing;
    await this.action.run(async () => {
      if (editing === 'new' || editing === undefined) await people.add(companion);
      else await people.update(editing, companion);
      await this.changed((m) => m.personSaved(displayName(companion)));
    });
  }

  private async onRemove(person: Person): Promise<void> {
    const m = this.i18n.messages;
    const name = displayName(person.companion);
    const confirmed = await confirmAction({
      title: m.personRemoveTitle(name),
      body: m.personRemoveBody,
      confirm: m.personRemoveConfirm,
      cancel: m.cancel,
      danger: true,
    });
    if (!confirmed) return;
    await this.action.run(async () => {
      await people.remove(person.id);
      await this.changed((messages) => messages.personRemoved(name));
    });
  }

  private open(id: string): void {
    this.notice = undefined;
    this.action.error = '';
    emit(this, 'luca-person-open', { id });
  }

  private close(): void {
    this.action.error = '';
    emit(this, 'luca-person-close');
  }

  private renderPerson(person: Person) {
    const m = this.i18n.messages;
    const { companion } = person;
    const name = displayName(companion);
    const details = [
      companion.phone ? m.personPhoneOf(companion.phone) : m.personReachedThroughYou,
      ...(companion.address ? [m.personAddressOwn] : []),
    ].join(' · ');
    return html`<li data-testid="person">
      <div>
        <div class="name">${name}</div>
        <div class="muted">${details}</div>
      </div>
      <div class="actions">
        <button class="secondary" aria-label=${m.personEditLabel(name)} @click=${() => this.open(person.id)}>${m.personEdit}</button>
        <button class="secondary" aria-label=${m.personRemoveLabel(name)} @click=${() => void this.onRemove(person)}>${m.personRemove}</button>
      </div>
    </li>`;
  }

  private renderForm(editing: string) {
    const m = this.i18n.messages;
    const person = this.people.find((candidate) => candidate.id === editing);
    return html`<h2 tabindex="-1">${person ? m.personEditTitle(displayName(person.companion)) : m.personNewTitle}</h2>
      ${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : nothing}
      <luca-person-form
        .initial=${person?.companion}
        .lead=${this.lead}
        ?busy=${this.action.busy}
        @luca-person-saved=${this.onSaved}
        @luca-person-cancel=${() => this.close()}
      ></luca-person-form>`;
  }

  override render() {
    const m = this.i18n.messages;
    // An address naming a person no longer on the list shows the list.
    const editing = this.editing;
    if (editing === 'new' || this.people.some((person) => person.id === editing)) return this.renderForm(editing ?? 'new');
    const full = this.people.length >= MAX_PEOPLE;
    return html`<h2 tabindex="-1">${m.peopleTitle}</h2>
      <p>${m.peopleIntro}</p>
      ${this.notice ? html`<p class="notice" role="status" data-testid="people-notice">${this.notice(m)}</p>` : nothing}
      ${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : nothing}
      ${
        this.people.length === 0
          ? html`<p class="muted">${m.peopleEmpty}</p>`
          : html`<ul aria-label=${m.peopleTitle} data-testid="people">
              ${this.people.map((person) => this.renderPerson(person))}
            </ul>
            <p class="muted" data-testid="people-count">${m.peopleCount(this.people.length, MAX_PEOPLE)}</p>`
      }
      ${
        full
          ? html`<p class="full" role="status" data-testid="people-full">${m.peopleFull(MAX_PEOPLE)}</p>`
          : html`<button @click=${() => this.open('new')}>${m.peopleAdd}</button>`
      }`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-people-changed': CustomEvent<PeopleChangedDetail>;
    'luca-person-open': CustomEvent<PersonOpenDetail>;
    'luca-person-close': CustomEvent<undefined>;
  }
  interface HTMLElementTagNameMap {
    'luca-people': LucaPeople;
  }
}
