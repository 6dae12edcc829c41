import { LitElement, css, html, nothing } from 'lit';
import { MIN_PASSPHRASE_LENGTH, type RecoveryKit } from '../../protocol/recovery-kit.ts';
import { api } from '../shared/api.ts';
import { type Lang, preferredLang, rememberLang } from '../shared/i18n.ts';
import { formFields, theme } from '../shared/theme.ts';
import type { VenueDetailsEvent } from './luca-venue-editor.ts';
import { type VenueMessages, venueMessages } from './messages.ts';
import { addPasskey, signIn, signUp } from './passkeys.ts';
import { type Account, type OwnVenue, venueApi } from './venue-api.ts';
import { createVenue, editVenue, hasKeysHere } from './venue-service.ts';
import { describeError } from '../shared/error-text.ts';

type Route =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'requests' }
  | { name: 'venue'; venueId: string }
  | { name: 'edit'; venueId: string }
  | { name: 'poster'; venueId: string; areaId: string | undefined }
  | { name: 'kiosk'; venueId: string };

function parseRoute(hash: string): Route {
  const [, kind, venueId, extra] = hash.replace(/^#/, '').split('/');
  if (kind === 'new') return { name: 'new' };
  if (kind === 'requests') return { name: 'requests' };
  if (kind === 'venue' && venueId) return extra === 'edit' ? { name: 'edit', venueId } : { name: 'venue', venueId };
  if (kind === 'poster' && venueId) return { name: 'poster', venueId, areaId: extra };
  if (kind === 'kiosk' && venueId) return { name: 'kiosk', venueId };
  return { name: 'list' };
}

/**
 * The venue operator's app at /venue/: passkey sign-in, the venues of the account, creating a
 * venue with its keys and recovery kit, editing, posters, counts. Routes live in the URL hash so
 * that every screen has an address and the browser's back button works.
 */
export class LucaVenueApp extends LitElement {
  static override properties = {
    lang: { state: true },
    account: { state: true },
    venues: { state: true },
    keysHere: { state: true },
    pendingRequests: { state: true },
    route: { state: true },
    draft: { state: true },
    freshKit: { state: true },
    notice: { state: true },
    busy: { state: true },
    passphraseError: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      :host {
        display: block;
        max-width: 48rem;
        margin: 0 auto;
        padding: 1rem;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      form {
        display: grid;
        gap: 0.6rem;
        max-width: 28rem;
      }
      ul.venues {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      ul.venues a {
        display: block;
        padding: 0.75rem;
        border: 1px solid #cbd5e1;
        border-radius: var(--luca-radius);
        color: inherit;
        text-decoration: none;
      }
      .notice {
        border: 2px solid var(--luca-accent);
        border-radius: var(--luca-radius);
        padding: 0.75rem;
      }
      .row {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
      }
      @media print {
        header,
        .notice {
          display: none;
        }
        :host {
          max-width: none;
          padding: 0;
        }
      }
    `,
  ];

  declare lang: Lang;
  declare account: Account | undefined | null;
  declare venues: OwnVenue[];
  declare keysHere: Set<string>;
  declare pendingRequests: number;
  declare route: Route;
  declare draft: VenueDetailsEvent | undefined;
  declare freshKit: { venue: OwnVenue; kit: RecoveryKit } | undefined;
  declare notice: string | undefined;
  declare busy: boolean;
  declare passphraseError: string | undefined;
  /** A message to show on the screen being navigated to (hashchange fires after the navigation). */
  private noticeAfterNavigation: string | undefined;
  private readonly onHashChange = () => {
    this.route = parseRoute(location.hash);
    this.notice = this.noticeAfterNavigation;
    this.noticeAfterNavigation = undefined;
    // Back on the overview: show fresh statuses and open requests.
    if (this.route.name === 'list' && this.account) void this.loadVenues();
  };

  private navigate(hash: string, notice?: string): void {
    if (location.hash === hash) {
      this.notice = notice;
      return;
    }
    this.noticeAfterNavigation = notice;
    location.hash = hash;
  }

  constructor() {
    super();
    this.lang = preferredLang();
    this.account = undefined;
    this.venues = [];
    this.keysHere = new Set();
    this.pendingRequests = 0;
    this.route = parseRoute(location.hash);
    this.busy = false;
  }

  private get messages(): VenueMessages {
    return venueMessages[this.lang];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.lang;
    window.addEventListener('hashchange', this.onHashChange);
    void this.loadSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
  }

  private async loadSession(): Promise<void> {
    try {
      this.account = (await venueApi.session()).account;
      await this.loadVenues();
    } catch {
      this.account = null;
    }
  }

  private async loadVenues(): Promise<void> {
    this.venues = (await venueApi.venues()).venues;
    const here = await Promise.all(this.venues.map(async (venue) => [venue.card.venueId, await hasKeysHere(venue.card.venueId)] as const));
    this.keysHere = new Set(here.filter(([, present]) => present).map(([id]) => id));
    const { requests } = await api.get<{ requests: { status: string }[] }>('/api/venue-admin/requests');
    this.pendingRequests = requests.filter((request) => request.status === 'pending').length;
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.notice = undefined;
    try {
      await action();
    } catch (error) {
      this.notice = describeError(error, this.messages.errors);
    } finally {
      this.busy = false;
    }
  }

  private onSignUp(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const name = String(new FormData(event.target as HTMLFormElement).get('displayName') ?? '').trim();
    return this.run(async () => {
      this.account = await signUp(name);
      await this.loadVenues();
    });
  }

  private onSignIn(): Promise<void> {
    return this.run(async () => {
      this.account = await signIn();
      await this.loadVenues();
    });
  }

  private onSignOut(): Promise<void> {
    return this.run(async () => {
      await venueApi.logout();
      this.account = null;
      this.venues = [];
      this.navigate('');
    });
  }

  private onCreate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const passphrase = String(form.get('passphrase') ?? '');
    this.passphraseError = undefined;
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) this.passphraseError = this.messages.passphraseShort;
    else if (passphrase !== String(form.get('passphraseAgain') ?? '')) this.passphraseError = this.messages.passphraseMismatch;
    const draft = this.draft;
    if (this.passphraseError || !draft) return Promise.resolve();
    return this.run(async () => {
      this.freshKit = await createVenue(draft.details, draft.officeId, passphrase);
      this.draft = undefined;
      await this.loadVenues();
    });
  }

  private async onRestored(event: CustomEvent<{ venue: OwnVenue }>): Promise<void> {
    const wasDraft = this.venues.find((venue) => venue.card.venueId === event.detail.venue.card.venueId)?.status === 'draft';
    this.freshKit = undefined;
    await this.loadVenues();
    this.navigate(`#/venue/${event.detail.venue.card.venueId}`, wasDraft ? `${this.messages.restored} ${this.messages.nowLive}` : this.messages.restored);
  }

  private renderSignedOut() {
    return html`<p>${this.messages.intro}</p>
      <p><button ?disabled=${this.busy} @click=${this.onSignIn}>${this.messages.signIn}</button></p>
      <h2>${this.messages.signUpTitle}</h2>
      <form @submit=${this.onSignUp}>
        <label>${this.messages.displayName}<input name="displayName" required minlength="2" maxlength="80" autocomplete="organization" /></label>
        <button type="submit" ?disabled=${this.busy}>${this.messages.signUp}</button>
      </form>`;
  }

  private renderList() {
    return html`<p><a href="#/requests" data-testid="inbox-link">${this.messages.inboxLink(this.pendingRequests)}</a></p>
      <h2>${this.messages.yourVenues}</h2>
      ${this.venues.length === 0
        ? html`<p>${this.messages.noVenues}</p>`
        : html`<ul class="venues">
            ${this.venues.map(
              (venue) => html`<li>
                <a href="#/venue/${venue.card.venueId}"><strong>${venue.card.name}</strong> · ${venue.status === 'live' ? this.messages.statusLive : this.messages.statusDraft}</a>
              </li>`,
            )}
          </ul>`}
      <div class="row">
        <a class="button" href="#/new" role="button">${this.messages.newVenue}</a>
        <button class="secondary" ?disabled=${this.busy} @click=${() => this.run(async () => {
          await addPasskey();
          this.notice = this.messages.passkeyAdded;
        })}>${this.messages.addPasskey}</button>
      </div>`;
  }

  private renderNew() {
    if (this.freshKit && this.account) {
      return html`<luca-recovery-kit .messages=${this.messages} .venue=${this.freshKit.venue} .account=${this.account} .kit=${this.freshKit.kit} @luca-venue-restored=${this.onRestored}></luca-recovery-kit>`;
    }
    if (this.draft) {
      return html`<h2>${this.messages.passphraseTitle}</h2>
        <p>${this.messages.passphraseIntro}</p>
        <form @submit=${this.onCreate}>
          <label>${this.messages.passphrase}<input type="password" name="passphrase" autocomplete="new-password" required minlength=${MIN_PASSPHRASE_LENGTH} aria-describedby="passphrase-error" /></label>
          <label>${this.messages.passphraseAgain}<input type="password" name="passphraseAgain" autocomplete="new-password" required /></label>
          ${this.passphraseError ? html`<p class="error" id="passphrase-error" role="alert">${this.passphraseError}</p>` : nothing}
          <button type="submit" ?disabled=${this.busy}>${this.busy ? this.messages.creating : this.messages.createVenue}</button>
        </form>`;
    }
    return html`<h2>${this.messages.newVenue}</h2>
      <luca-venue-editor .messages=${this.messages} @luca-venue-details=${(event: CustomEvent<VenueDetailsEvent>) => (this.draft = event.detail)}></luca-venue-editor>`;
  }

  private renderRoute() {
    const route = this.route;
    const venue = 'venueId' in route ? this.venues.find((candidate) => candidate.card.venueId === route.venueId) : undefined;
    switch (route.name) {
      case 'list':
        return this.renderList();
      case 'new':
        return this.renderNew();
      case 'requests':
        return html`<p><a href="#/">${this.messages.back}</a></p>
          <luca-request-inbox .messages=${this.messages} .venues=${this.venues} locale=${this.lang}></luca-request-inbox>`;
      case 'venue':
        return venue && this.account
          ? html`<p><a href="#/">${this.messages.back}</a></p>
              <luca-venue-detail .messages=${this.messages} .venue=${venue} .account=${this.account} ?hasKeys=${this.keysHere.has(venue.card.venueId)}
                @luca-venue-restored=${this.onRestored} @luca-navigate=${(event: CustomEvent<{ hash: string }>) => this.navigate(event.detail.hash)}></luca-venue-detail>`
          : html`<p aria-busy="true">…</p>`;
      case 'edit':
        return venue
          ? html`<p><a href="#/venue/${venue.card.venueId}">${this.messages.back}</a></p>
              <h2>${this.messages.edit}: ${venue.card.name}</h2>
              <luca-venue-editor .messages=${this.messages} .venue=${venue} submitLabel=${this.messages.save}
                @luca-venue-details=${(event: CustomEvent<VenueDetailsEvent>) => this.run(async () => {
                  await editVenue(venue, event.detail.details, event.detail.officeId);
                  await this.loadVenues();
                  this.navigate(`#/venue/${venue.card.venueId}`, this.messages.saved);
                })}></luca-venue-editor>`
          : html`<p aria-busy="true">…</p>`;
      case 'kiosk':
        return venue ? html`<luca-kiosk-code .messages=${this.messages} .venue=${venue}></luca-kiosk-code>` : html`<p aria-busy="true">…</p>`;
      case 'poster':
        return venue ? html`<luca-poster-sheet .messages=${this.messages} .venue=${venue} areaId=${route.areaId ?? ''}></luca-poster-sheet>` : html`<p aria-busy="true">…</p>`;
    }
  }

  private setLang(lang: Lang): void {
    this.lang = lang;
    rememberLang(lang);
  }

  override render() {
    return html`<header>
        <h1>${this.messages.title}</h1>
        <div class="row">
          <luca-lang-switch lang=${this.lang} label=${this.messages.language} @luca-lang-change=${(event: CustomEvent<{ lang: Lang }>) => this.setLang(event.detail.lang)}></luca-lang-switch>
          ${this.account ? html`<button class="secondary" @click=${this.onSignOut}>${this.messages.signOut}</button>` : nothing}
        </div>
      </header>
      <main>
        ${this.notice ? html`<p class="notice" role="status" data-testid="notice">${this.notice}</p>` : nothing}
        ${this.account === undefined ? html`<p aria-busy="true">…</p>` : this.account === null ? this.renderSignedOut() : this.renderRoute()}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-venue-app': LucaVenueApp;
  }
}
