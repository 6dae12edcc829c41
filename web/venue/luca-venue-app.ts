import { LitElement, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import type { RecoveryKit } from '../../protocol/recovery-kit.ts';
import { venueRequestRoutes } from '../../protocol/api/venue-requests.ts';
import { call } from '../../client/api.ts';
import { describeError } from '../../client/error-text.ts';
import type { Lang } from '../../client/i18n.ts';
import { LangProvider } from '../../client/locale.ts';
import { formFields, theme } from '../../client/theme.ts';
import type { KeyFormDetail } from './luca-key-form.ts';
import type { VenueDetailsEvent } from './luca-venue-editor.ts';
import { type KioskLock, kioskLock } from './kiosk-lock.ts';
import { type VenueMessages, venueMessages } from './messages.ts';
import { HashNavigation } from './navigation.ts';
import { addPasskey, signIn, signUp } from './passkeys.ts';
import { pendingKits } from './pending-kits.ts';
import { type Route, parseRoute } from './routes.ts';
import { type Account, type OwnVenue, venueApi } from './venue-api.ts';
import { createVenue, deleteDraft, editVenue, hasKeysHere, rekeyDraft } from './venue-service.ts';

/** A new venue's details between the editor and the passphrase step: kept for the tab, so a reload or Back keeps them (they are the public card's). */
const NEW_VENUE_KEY = 'luca-venue-new';

function storedNewVenue(): VenueDetailsEvent | undefined {
  try {
    // Read as found: the tab's storage may hold anything (an older version's form, a hand edit).
    const stored = JSON.parse(sessionStorage.getItem(NEW_VENUE_KEY) ?? 'null') as {
      officeId?: unknown;
      details?: { name?: unknown } | null;
    } | null;
    return stored && typeof stored.officeId === 'string' && typeof stored.details?.name === 'string'
      ? (stored as VenueDetailsEvent)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The venue operator's app at /venue/: passkey sign-in, the venues of the account, creating a
 * venue with its keys and recovery kit (a draft can get new keys or be deleted), taking over a
 * venue with a one-time code, editing, posters, counts, the kiosk. Every screen has its own
 * hash route (routes.ts) and history entry (navigation.ts), so a reload resumes it and Back goes
 * back one screen. The kiosk screen locks the app until the operator's passkey ends it.
 */
export class LucaVenueApp extends LitElement {
  static override properties = {
    account: { state: true },
    venues: { state: true },
    keysHere: { state: true },
    kits: { state: true },
    pendingRequests: { state: true },
    route: { state: true },
    newVenue: { state: true },
    notice: { state: true },
    busy: { state: true },
    formErrors: { state: true },
    kiosk: { state: true },
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
      nav {
        display: flex;
        flex-wrap: wrap;
        gap: 1.25rem;
        margin: 0.5rem 0 1rem;
      }
      nav a[aria-current='page'] {
        font-weight: 700;
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
        align-items: center;
      }
      a.button {
        display: inline-flex;
        align-items: center;
        text-decoration: none;
        box-sizing: border-box;
      }
      a.button.secondary {
        background: transparent;
        color: var(--luca-accent);
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
      /* The kiosk: the whole screen, nothing to scroll; the form scrolls inside its own frame. */
      :host([kiosk]) {
        max-width: none;
        height: 100vh;
        height: 100dvh;
        box-sizing: border-box;
        padding: 0.5rem 1rem;
        overflow: hidden;
      }
      @media print {
        header,
        nav,
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

  /** The owner's language (a kiosk guest may switch it), given to every element of the app. */
  private readonly language = new LangProvider(this, undefined, { ownsDocument: true });
  declare account: Account | undefined | null;
  declare venues: OwnVenue[];
  declare keysHere: Set<string>;
  /** Recovery kits made on this device and not yet proven, by venue id. */
  declare kits: Map<string, RecoveryKit>;
  declare pendingRequests: number;
  declare route: Route;
  declare newVenue: VenueDetailsEvent | undefined;
  declare notice: string | undefined;
  declare busy: boolean;
  /** Errors next to the fields of the current screen's form. */
  declare formErrors: Record<string, string>;
  declare kiosk: KioskLock | undefined;
  private readonly navigation = new HashNavigation();
  /** A message to show on the screen being navigated to (hashchange fires after the navigation). */
  private noticeAfterNavigation: string | undefined;
  private readonly onHashChange = () => {
    this.navigation.arrived();
    this.route = parseRoute(location.hash);
    this.notice = this.noticeAfterNavigation;
    this.noticeAfterNavigation = undefined;
    this.formErrors = {};
    // In kiosk mode nothing but the kiosk is shown: Back, a typed address or a link lands there again.
    if (this.kiosk && !(this.route.name === 'kiosk' && this.route.venueId === this.kiosk.card.venueId)) {
      this.navigation.push(`#/kiosk/${this.kiosk.card.venueId}`);
      return;
    }
    this.routeArrived();
    // Fresh statuses and open requests on the overview, and a venue's current state (another
    // device or tab may have changed it) on its screens.
    if (this.account && (this.route.name === 'list' || this.route.name === 'venue' || this.route.name === 'requests'))
      void this.loadVenues();
  };

  constructor() {
    super();
    this.account = undefined;
    this.venues = [];
    this.keysHere = new Set();
    this.kits = new Map();
    this.pendingRequests = 0;
    this.route = parseRoute(location.hash);
    this.newVenue = storedNewVenue();
    this.busy = false;
    this.formErrors = {};
    this.kiosk = kioskLock.get();
  }

  private get messages(): VenueMessages {
    return venueMessages[this.language.lang];
  }

  private go(hash: string, notice?: string): void {
    this.noticeAfterNavigation = notice;
    if (!this.navigation.push(hash)) this.notice = notice;
  }

  private replace(hash: string, notice?: string): void {
    this.noticeAfterNavigation = notice;
    if (!this.navigation.replace(hash)) this.notice = notice;
  }

  private backTo(hash: string, notice?: string): void {
    this.noticeAfterNavigation = notice;
    if (!this.navigation.backTo(hash)) this.notice = notice;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    if (this.kiosk && !(this.route.name === 'kiosk' && this.route.venueId === this.kiosk.card.venueId))
      this.navigation.replace(`#/kiosk/${this.kiosk.card.venueId}`);
    void this.loadSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
  }

  protected override updated(): void {
    this.toggleAttribute('kiosk', this.kiosk !== undefined);
  }

  private async loadSession(): Promise<void> {
    try {
      this.account = (await venueApi.session()).account;
      await this.loadVenues();
    } catch {
      this.account = null;
    }
    this.routeArrived();
  }

  private async loadVenues(): Promise<void> {
    this.venues = (await venueApi.venues()).venues;
    const ids = this.venues.map((venue) => venue.card.venueId);
    const [here, kits] = await Promise.all([Promise.all(ids.map(async (id) => [id, await hasKeysHere(id)] as const)), pendingKits.all()]);
    this.keysHere = new Set(here.filter(([, present]) => present).map(([id]) => id));
    this.kits = new Map(kits.filter((kit) => ids.includes(kit.venueId)).map((kit) => [kit.venueId, kit]));
    const { requests } = await call(venueRequestRoutes.requests, {});
    this.pendingRequests = requests.filter((request) => request.status === 'pending').length;
  }

  /** Screens that cannot be shown as addressed send the operator on, without a history entry of their own. */
  private routeArrived(): void {
    const route = this.route;
    if (!this.account || this.kiosk) return;
    if (route.name === 'newKeys' && !this.newVenue) this.replace('#/new');
    const venue = 'venueId' in route ? this.venues.find((candidate) => candidate.card.venueId === route.venueId) : undefined;
    // A venue the account does not hold (any more): a deleted draft, a draft whose id changed with
    // its new keys, a mistyped link. The list, rather than a screen that waits for ever.
    if ('venueId' in route && !venue) this.replace('#/', this.messages.unknownVenue);
    if (!venue) return;
    if (route.name === 'rekey' && venue.status !== 'draft') this.replace(`#/venue/${venue.card.venueId}`, this.messages.notDraft);
    if (route.name === 'kiosk' && venue.status === 'live' && this.keysHere.has(venue.card.venueId) && !this.kits.has(venue.card.venueId)) {
      this.kiosk = { accountId: this.account.id, card: venue.card };
      kioskLock.set(this.kiosk);
    }
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
    const name = formText(new FormData(event.target as HTMLFormElement), 'displayName').trim();
    this.formErrors = name.length < 2 ? { displayName: this.messages.displayNameShort } : {};
    if (this.formErrors.displayName) {
      this.renderRoot.querySelector<HTMLInputElement>('#displayName')?.focus();
      return Promise.resolve();
    }
    return this.run(async () => {
      this.account = await signUp(name);
      await this.loadVenues();
      this.routeArrived();
    });
  }

  private onSignIn(): Promise<void> {
    return this.run(async () => {
      this.account = await signIn();
      await this.loadVenues();
      this.routeArrived();
    });
  }

  private onSignOut(): Promise<void> {
    return this.run(async () => {
      await venueApi.logout();
      this.account = null;
      this.venues = [];
      this.go('#/');
    });
  }

  private onNewDetails(detail: VenueDetailsEvent): void {
    this.newVenue = detail;
    sessionStorage.setItem(NEW_VENUE_KEY, JSON.stringify(detail));
    this.go('#/new/keys');
  }

  private onCreate(event: CustomEvent<KeyFormDetail>): Promise<void> {
    const draft = this.newVenue;
    if (!draft) return Promise.resolve();
    return this.run(async () => {
      const { venue } = await createVenue(draft.details, draft.officeId, event.detail.passphrase);
      this.newVenue = undefined;
      sessionStorage.removeItem(NEW_VENUE_KEY);
      await this.loadVenues();
      // The passphrase step is done for good: Back from the kit goes to the details, not to making a second venue's keys.
      this.replace(`#/venue/${venue.card.venueId}`, this.messages.venueCreated);
    });
  }

  private onRekey(venue: OwnVenue, event: CustomEvent<KeyFormDetail>): Promise<void> {
    return this.run(async () => {
      const { venue: rekeyed } = await rekeyDraft(venue, event.detail.passphrase);
      await this.loadVenues();
      // New keys give a new id (protocol/venue-id.ts), so the draft's screen has a new address.
      this.replace(`#/venue/${rekeyed.card.venueId}`, this.messages.rekeyed);
    });
  }

  private async onRestored(event: CustomEvent<{ venue: OwnVenue }>): Promise<void> {
    const wasDraft = this.venues.find((venue) => venue.card.venueId === event.detail.venue.card.venueId)?.status === 'draft';
    await this.loadVenues();
    const text = wasDraft ? `${this.messages.restored} ${this.messages.nowLive}` : this.messages.restored;
    if (location.hash === `#/venue/${event.detail.venue.card.venueId}`) this.notice = text;
    else this.go(`#/venue/${event.detail.venue.card.venueId}`, text);
  }

  private onDeleteDraft(venue: OwnVenue): Promise<void> {
    return this.run(async () => {
      await deleteDraft(venue);
      await this.loadVenues();
      this.backTo('#/', this.messages.draftDeleted(venue.card.name));
    });
  }

  private async onKioskEnded(event: CustomEvent<{ account: Account }>): Promise<void> {
    const lock = this.kiosk;
    if (!lock) return;
    kioskLock.clear();
    this.kiosk = undefined;
    this.account = event.detail.account;
    await this.loadVenues();
    // Not back through history: the form's frame adds entries of its own to the tab's history.
    this.replace(`#/venue/${lock.card.venueId}`, this.messages.kioskEnded);
  }

  private async onClaimed(event: CustomEvent<{ venue: OwnVenue }>): Promise<void> {
    await this.loadVenues();
    this.replace(`#/venue/${event.detail.venue.card.venueId}`, this.messages.claimed(event.detail.venue.card.name));
  }

  private async onNotice(event: CustomEvent<{ text: string; reload: boolean }>): Promise<void> {
    if (event.detail.reload) await this.loadVenues();
    this.notice = event.detail.text;
  }

  /** A link to another screen that goes back through history when that is where the operator came from. */
  private backLink(hash: string) {
    return html`<p>
      <a
        href=${hash}
        @click=${(event: MouseEvent) => {
          event.preventDefault();
          this.backTo(hash);
        }}
        >${this.messages.back}</a
      >
    </p>`;
  }

  private renderSignedOut() {
    const error = this.formErrors.displayName;
    return html`<p>${this.messages.intro}</p>
      <p><button ?disabled=${this.busy} @click=${this.onSignIn}>${this.messages.signIn}</button></p>
      <h2>${this.messages.signUpTitle}</h2>
      <form novalidate @submit=${this.onSignUp}>
        <div class="field">
          <label for="displayName">${this.messages.displayName}</label>
          <input id="displayName" name="displayName" maxlength="80" autocomplete="organization" aria-required="true" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'displayName-error' : nothing} />
          ${error ? html`<span class="error" id="displayName-error">${error}</span>` : nothing}
        </div>
        <button type="submit" ?disabled=${this.busy}>${this.messages.signUp}</button>
      </form>`;
  }

  /** The operator's two places, on every screen: their venues and the offices' requests. */
  private renderNav() {
    const route = this.route.name;
    const atRequests = route === 'requests';
    return html`<nav aria-label=${this.messages.navLabel}>
      <a href="#/" aria-current=${!atRequests ? 'page' : 'false'}>${this.messages.yourVenues}</a>
      <a href="#/requests" data-testid="inbox-link" aria-current=${atRequests ? 'page' : 'false'}>${this.messages.inboxLink(this.pendingRequests)}</a>
    </nav>`;
  }

  private renderList() {
    return html`<h2>${this.messages.yourVenues}</h2>
      ${
        this.venues.length === 0
          ? html`<p>${this.messages.noVenues}</p>`
          : html`<ul class="venues">
            ${this.venues.map(
              (venue) => html`<li>
                <a href="#/venue/${venue.card.venueId}"><strong>${venue.card.name}</strong> · ${this.statusText(venue)}</a>
              </li>`,
            )}
          </ul>`
      }
      <div class="row">
        <a class="button" href="#/new" role="button">${this.messages.newVenue}</a>
        <a class="button secondary" href="#/claim">${this.messages.claimLink}</a>
        <button class="secondary" ?disabled=${this.busy} @click=${() =>
          this.run(async () => {
            await addPasskey();
            this.notice = this.messages.passkeyAdded;
          })}>${this.messages.addPasskey}</button>
      </div>`;
  }

  private statusText(venue: OwnVenue): string {
    if (venue.status === 'draft') return this.messages.statusDraft;
    return this.kits.has(venue.card.venueId) ? this.messages.statusLiveUnchecked : this.messages.statusLive;
  }

  private renderNewKeys() {
    const draft = this.newVenue;
    if (!draft) return html`<p aria-busy="true">…</p>`;
    const { name, street, postcode, city } = draft.details;
    return html`${this.backLink('#/new')}
      <h2>${this.messages.passphraseTitle}</h2>
      <p><strong>${this.messages.newVenueSummary(name, `${street}, ${postcode} ${city}`)}</strong></p>
      <p>${this.messages.passphraseIntro}</p>
      <luca-key-form submitLabel=${this.messages.createVenue} busyLabel=${this.messages.creating} ?busy=${this.busy} @luca-key-form=${this.onCreate}></luca-key-form>`;
  }

  private renderRoute() {
    const route = this.route;
    const venue = 'venueId' in route ? this.venues.find((candidate) => candidate.card.venueId === route.venueId) : undefined;
    const loading = html`<p aria-busy="true">…</p>`;
    switch (route.name) {
      case 'list':
        return this.renderList();
      case 'new':
        return html`${this.backLink('#/')}
          <h2>${this.messages.newVenue}</h2>
          <luca-venue-editor .details=${this.newVenue} @luca-venue-details=${(event: CustomEvent<VenueDetailsEvent>) => this.onNewDetails(event.detail)}></luca-venue-editor>`;
      case 'newKeys':
        return this.renderNewKeys();
      case 'claim':
        return html`${this.backLink('#/')}
          <luca-venue-takeover @luca-venue-claimed=${this.onClaimed} @luca-notice=${this.onNotice}></luca-venue-takeover>`;
      case 'requests':
        return html`${this.backLink('#/')}
          <luca-request-inbox .venues=${this.venues}></luca-request-inbox>
          <luca-venue-warnings .venues=${this.venues}></luca-venue-warnings>`;
      case 'venue':
        return venue && this.account
          ? html`${this.backLink('#/')}
              <luca-venue-detail .venue=${venue} .account=${this.account} .kit=${this.kits.get(venue.card.venueId)}
                ?hasKeys=${this.keysHere.has(venue.card.venueId)} ?busy=${this.busy}
                @luca-venue-restored=${this.onRestored} @luca-venue-delete=${() => this.onDeleteDraft(venue)}
                @luca-navigate=${(event: CustomEvent<{ hash: string }>) => this.go(event.detail.hash)}></luca-venue-detail>`
          : loading;
      case 'rekey':
        return venue
          ? html`${this.backLink(`#/venue/${venue.card.venueId}`)}
              <h2>${this.messages.rekeyTitle}: ${venue.card.name}</h2>
              <p>${this.messages.rekeyIntro}</p>
              <luca-key-form submitLabel=${this.messages.rekey} busyLabel=${this.messages.rekeying} ?busy=${this.busy} @luca-key-form=${(event: CustomEvent<KeyFormDetail>) => this.onRekey(venue, event)}></luca-key-form>`
          : loading;
      case 'edit':
        return venue
          ? html`${this.backLink(`#/venue/${venue.card.venueId}`)}
              <h2>${this.messages.edit}: ${venue.card.name}</h2>
              <luca-venue-editor .venue=${venue} submitLabel=${this.messages.save}
                @luca-venue-details=${(event: CustomEvent<VenueDetailsEvent>) =>
                  this.run(async () => {
                    await editVenue(venue, event.detail.details, event.detail.officeId);
                    await this.loadVenues();
                    this.backTo(`#/venue/${venue.card.venueId}`, this.messages.saved);
                  })}></luca-venue-editor>`
          : loading;
      case 'kiosk':
        // Reached only when the kiosk cannot start here (no key on this device, or a draft).
        return venue ? html`${this.backLink(`#/venue/${venue.card.venueId}`)}<p role="alert">${this.messages.kioskNeedsKey}</p>` : loading;
      case 'poster':
        return venue ? html`<luca-poster-sheet .venue=${venue} areaId=${route.areaId ?? ''}></luca-poster-sheet>` : loading;
    }
  }

  private renderKiosk(lock: KioskLock) {
    return html`<luca-kiosk-screen .lock=${lock}
      @luca-kiosk-ended=${this.onKioskEnded} @luca-lang-change=${(event: CustomEvent<{ lang: Lang }>) => this.setLang(event.detail.lang)}></luca-kiosk-screen>`;
  }

  private setLang(lang: Lang): void {
    this.language.set(lang, { remember: true });
  }

  override render() {
    if (this.kiosk) return this.renderKiosk(this.kiosk);
    return html`<header>
        <h1>${this.messages.title}</h1>
        <div class="row">
          <luca-lang-switch lang=${this.language.lang} label=${this.messages.language} @luca-lang-change=${(event: CustomEvent<{ lang: Lang }>) => this.setLang(event.detail.lang)}></luca-lang-switch>
          ${this.account ? html`<button class="secondary" @click=${this.onSignOut}>${this.messages.signOut}</button>` : nothing}
        </div>
      </header>
      <main>
        ${this.notice ? html`<p class="notice" role="status" data-testid="notice">${this.notice}</p>` : nothing}
        ${this.account ? this.renderNav() : nothing}
        ${this.account === undefined ? html`<p aria-busy="true">…</p>` : this.account === null ? this.renderSignedOut() : this.renderRoute()}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-venue-app': LucaVenueApp;
  }
}
