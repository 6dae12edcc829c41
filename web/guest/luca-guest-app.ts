import { LitElement, css, html, nothing } from 'lit';
import { ProtocolError } from '../../protocol/bytes.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { type VenueQrPayload, type VerifiedVenue, parseVenueQrUrl } from '../../protocol/venue.ts';
import { ApiRequestError } from '../../client/api.ts';
import { describeError, describeFailure } from '../../client/error-text.ts';
import type { Lang } from '../../client/i18n.ts';
import { LangProvider } from '../../client/locale.ts';
import { API_CACHE_NAME, registerServiceWorker } from '../../client/service-worker.ts';
import { theme } from '../../client/theme.ts';
import { checkIn, checkOut, isOffline, verifyVenue, verifyVenueCode } from './checkin-service.ts';
import { type Stay, guestStore } from './guest-store.ts';
import type { ContactSavedDetail } from '../../client/luca-contact-form.ts';
import type { ManualEntryDetail } from './luca-manual-checkin.ts';
import type { ScannedDetail } from './luca-qr-scanner.ts';
import { type GuestMessages, guestMessages } from './messages.ts';
import { flushQueue, needsFlush, whenIdle } from './sync.ts';
import { dropCancelledBookings } from './booking-check.ts';
import { confirmAction } from '../../client/confirm.ts';
import { ActionState } from '../../client/action-state.ts';
import { venueTime } from '../../client/venue-time.ts';
import type { Person, ReceivedWarning, WarningFeedState } from './guest-store.ts';
import { acknowledgementFailure } from './luca-exposure-warning.ts';
import {
  FEED_POLL_MS,
  acknowledge,
  askForNotifications,
  checkWarnings,
  notifyWarnings,
  serviceWorkerRegistration,
} from './warning-client.ts';
import { loadContactRules } from '../../client/load-contact-rules.ts';
import type { ConfirmDetail } from './luca-venue-confirm.ts';
import type { PeopleChangedDetail, PersonOpenDetail } from './luca-people.ts';
import { people } from './people.ts';

type Tab = 'checkin' | 'history' | 'share' | 'people' | 'mydata';
type View =
  | { name: 'loading' }
  | { name: 'onboarding' }
  | { name: 'complete' }
  | { name: 'confirm'; payload: VenueQrPayload; venue: VerifiedVenue | undefined }
  | { name: 'warning'; id: string }
  /** The person form: 'new' or a person's id. */
  | { name: 'person'; id: string }
  | { name: Tab };

/** Each screen has its own address (and history entry), so the browser's Back button goes back one screen. */
const TAB_HASH: Record<Tab, string> = {
  checkin: '#/',
  history: '#/visits',
  share: '#/share',
  people: '#/people',
  mydata: '#/my-data',
};
const CONFIRM_HASH = '#/confirm';
/** A warning's own screen (a notification opens it): `#/warning/<warningId>`. */
const WARNING_HASH = /^#\/warning\/([A-Za-z0-9_-]{22})$/;
/** The person form's own screen (Back returns to the list): `#/people/new` or `#/people/<personId>`. */
const PERSON_HASH = /^#\/people\/(new|[A-Za-z0-9_-]{22})$/;
/** Whether the app already asked for notifications (it asks once, after the first check-in). */
const NOTIFY_ASKED_KEY = 'luca-notifications-asked';

function tabOf(hash: string): Tab {
  return (Object.entries(TAB_HASH) as [Tab, string][]).find(([, tabHash]) => tabHash === hash)?.[0] ?? 'checkin';
}

/** How often the app looks for queued uploads and stays past their automatic checkout. */
const RETRY_MS = 5_000;

/**
 * The guest app's shell: onboarding, then five tabs (check in, visits, share, people, my data). A
 * check-in link (/c#payload) or a scanned code leads to the confirmation, where the guest also
 * chooses who is coming (web/guest/people.ts), and only a confirmed check-in is stored and sent. The offline queue is flushed at start, when the browser comes
 * back online, and every few seconds while something waits.
 */
export class LucaGuestApp extends LitElement {
  static override properties = {
    view: { state: true },
    contact: { state: true },
    people: { state: true },
    partyChoice: { state: true },
    stays: { state: true },
    notice: { state: true },
    manualError: { state: true },
    scanning: { state: true },
    busy: { state: true },
    applyUpdate: { state: true },
    warnings: { state: true },
    feedState: { state: true },
    notificationPermission: { state: true },
  };

  static override styles = [
    theme,
    css`
      :host {
        display: block;
        max-width: 34rem;
        margin: 0 auto;
        padding: 1rem 1rem 5rem;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
      }
      h1 {
        margin: 0;
        font-size: 1.6rem;
      }
      nav {
        position: fixed;
        inset: auto 0 0 0;
        display: flex;
        justify-content: center;
        gap: 0.15rem;
        padding: 0.4rem 0.25rem;
        background: var(--luca-paper);
        border-top: 1px solid #cbd5e1;
      }
      /* Five tabs side by side on a 390 px phone: a label wraps between words ("Meine Daten"), never inside one. */
      nav button {
        flex: 1 1 auto;
        max-width: 9rem;
        padding: 0.35rem 0.2rem;
        font-size: 0.9rem;
        line-height: 1.2;
        background: transparent;
        color: var(--luca-accent);
        border-color: transparent;
      }
      nav button[aria-current='page'] {
        border-color: var(--luca-accent);
      }
      .notice {
        border: 2px solid var(--luca-accent);
        border-radius: var(--luca-radius);
        padding: 0.75rem;
      }
      .update {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        background: #fff7e0;
        border-radius: var(--luca-radius);
        padding: 0.5rem 0.75rem;
      }
      section + section {
        margin-top: 1.5rem;
      }
      .alert {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        border: 3px solid #b91c1c;
        background: #fff5f5;
        border-radius: var(--luca-radius);
        padding: 0.5rem 0.75rem;
        margin: 0.75rem 0;
        font-weight: 700;
      }
      .warnings ul {
        padding-left: 1.2rem;
      }
    `,
  ];

  /** The guest's language, given to every element of the app. */
  private readonly language = new LangProvider(this, undefined, { ownsDocument: true });
  declare view: View;
  declare contact: ContactData | undefined;
  /** The guest's persons ("Personen"), and the ids chosen at the last check-in (preselected at the next). */
  declare people: Person[];
  declare partyChoice: string[];
  declare stays: Stay[];
  declare notice: string | undefined;
  declare manualError: string | undefined;
  declare scanning: boolean;
  declare busy: boolean;
  declare applyUpdate: (() => void) | undefined;
  /** Warnings that verified and concern this device's stays (web/guest/warning-service.ts). */
  declare warnings: ReceivedWarning[];
  declare feedState: WarningFeedState | undefined;
  declare notificationPermission: NotificationPermission | 'unsupported';
  private readonly acknowledging = new ActionState(this, (error) => acknowledgementFailure(error, this.language.lang));
  private retryTimer: ReturnType<typeof setInterval> | undefined;
  private feedTimer: ReturnType<typeof setInterval> | undefined;
  /** The service worker checked the feed in the background: show what it stored. */
  private readonly onWorkerMessage = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (typeof data === 'object' && data !== null && Reflect.get(data, 'type') === 'luca-warnings-changed') void this.loadWarnings();
  };
  private deleting = false;
  /** A check-in link opened before onboarding (or before completing old data): offered once the contact data is saved. */
  private pendingPayload: VenueQrPayload | undefined;
  private readonly onOnline = () => void this.flush();
  private readonly onHash = () => this.followAddress();
  /** Back in front (after the popup of a website's booking, say): show what the device holds now. */
  private readonly onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    void this.forgetCancelledBookings();
    void this.refreshWarnings();
  };

  constructor() {
    super();
    this.view = { name: 'loading' };
    this.stays = [];
    this.people = [];
    this.partyChoice = [];
    this.busy = false;
    this.scanning = false;
    this.warnings = [];
    this.notificationPermission = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  private get messages(): GuestMessages {
    return guestMessages[this.language.lang];
  }

  private get currentStay(): Stay | undefined {
    return this.stays.find((stay) => stay.departedAt === undefined && (stay.checkIn === 'pending' || stay.checkIn === 'sent'));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    window.addEventListener('hashchange', this.onHash);
    document.addEventListener('visibilitychange', this.onVisible);
    this.retryTimer = setInterval(() => void needsFlush().then((due) => (due ? this.flush() : undefined)), RETRY_MS);
    registerServiceWorker((apply) => (this.applyUpdate = apply));
    // Every few seconds while the app is in front; in the background the service worker's periodic sync checks.
    this.feedTimer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refreshWarnings();
    }, FEED_POLL_MS);
    if ('serviceWorker' in navigator) navigator.serviceWorker.addEventListener('message', this.onWorkerMessage);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('hashchange', this.onHash);
    document.removeEventListener('visibilitychange', this.onVisible);
    clearInterval(this.retryTimer);
    clearInterval(this.feedTimer);
    if ('serviceWorker' in navigator) navigator.serviceWorker.removeEventListener('message', this.onWorkerMessage);
  }

  private async start(): Promise<void> {
    this.contact = await guestStore.contact();
    await this.loadPeople();
    const payload = this.payloadFromLocation();
    if (!this.contact) {
      this.view = { name: 'onboarding' };
      if (payload) this.pendingPayload = payload;
      return;
    }
    await this.flush();
    if (await this.needsCompletion(this.contact)) {
      this.view = { name: 'complete' };
      if (payload) this.pendingPayload = payload;
      return;
    }
    if (payload) await this.confirm(payload);
    else this.followAddress(true);
    void this.forgetCancelledBookings();
    await this.loadWarnings();
    void this.refreshWarnings();
  }

  private async loadPeople(): Promise<void> {
    this.people = await people.list();
    this.partyChoice = await people.lastChoice();
  }

  /** What the device holds: the warnings it stored and where it stands with the feed. */
  private async loadWarnings(): Promise<void> {
    if (this.deleting || !this.contact) return;
    this.warnings = (await guestStore.warnings()).sort((a, b) => b.receivedAt - a.receivedAt);
    this.feedState = await guestStore.feedState();
  }

  /**
   * Checks the feed (at start, back in front, every FEED_POLL_MS in front, after a check-in); a
   * new warning gets a system notification through the service worker, and the banner on every
   * screen. A failure is kept in the feed state and explained beside the warnings.
   */
  private async refreshWarnings(): Promise<void> {
    if (this.deleting || !this.contact) return;
    try {
      const result = await checkWarnings();
      if (result.added.length > 0 || result.withdrawn.length > 0) {
        await notifyWarnings(await serviceWorkerRegistration(), result, this.language.lang);
        performance.mark('luca:warning-shown');
      }
    } catch (error) {
      console.warn('warning feed not reachable', error);
    }
    await this.loadWarnings();
  }

  private async onAcknowledge(id: string): Promise<void> {
    await this.acknowledging.run(async () => {
      try {
        await acknowledge(id);
      } finally {
        await this.loadWarnings();
      }
    });
  }

  /** Asks for notifications once, right after the guest's first check-in: the moment a warning becomes possible. */
  private async askNotificationsOnce(): Promise<void> {
    if (typeof Notification === 'undefined' || Notification.permission !== 'default' || localStorage.getItem(NOTIFY_ASKED_KEY)) return;
    localStorage.setItem(NOTIFY_ASKED_KEY, '1');
    this.notificationPermission = await askForNotifications();
  }

  /** The screen the address names: Back and Forward move between screens, never out of the app. */
  private followAddress(starting = false): void {
    if (!starting && (this.view.name === 'onboarding' || this.view.name === 'complete' || this.view.name === 'loading')) return;
    if (location.hash === CONFIRM_HASH && this.view.name === 'confirm') return;
    this.notice = undefined;
    this.scanning = false;
    const person = PERSON_HASH.exec(location.hash)?.[1];
    if (person) {
      this.view = { name: 'person', id: person };
      return;
    }
    const warning = WARNING_HASH.exec(location.hash)?.[1];
    if (warning) {
      this.view = { name: 'warning', id: warning };
      void this.loadWarnings();
      return;
    }
    const tab = tabOf(location.hash);
    this.view = { name: tab };
    if (tab === 'history' || tab === 'share') void this.forgetCancelledBookings();
  }

  /**
   * The stays as the device holds them now: a booking made in the "saved data" popup (another
   * window) is written there, and bookings the venue's website cancelled leave the history
   * (web/guest/booking-check.ts).
   */
  private async forgetCancelledBookings(): Promise<void> {
    if (this.deleting || !this.contact) return;
    await dropCancelledBookings();
    this.stays = await guestStore.stays();
  }

  /**
   * Contact data an older version stored (no house number or country, any postcode or phone)
   * is completed once, before the next check-in. If the rules cannot be loaded, the guest is not
   * held up: the next start asks.
   */
  private async needsCompletion(contact: ContactData): Promise<boolean> {
    try {
      return !(await loadContactRules()).meetsInputRules(contact);
    } catch (error) {
      console.warn('contact rules not loaded', error);
      return false;
    }
  }

  private async flush(): Promise<void> {
    if (!this.contact) return;
    if (this.deleting) return;
    const result = await flushQueue(this.contact);
    const problem = result.problems[0];
    if (problem)
      this.notice =
        problem.checkIn === 'refused'
          ? this.messages.refused
          : this.messages.notSent(describeFailure(problem.problem, this.messages.errors));
    this.stays = await guestStore.stays();
  }

  private payloadFromLocation(): VenueQrPayload | undefined {
    if (location.pathname !== '/c') return undefined;
    try {
      return parseVenueQrUrl(location.href, location.origin);
    } catch {
      this.notice = this.messages.badLink;
      return undefined;
    } finally {
      // The payload is public, but a reload must not offer the same check-in again.
      history.replaceState(null, '', '/');
    }
  }

  /** Fetches and verifies the venue, then asks; offline, it asks with the venue unverified. */
  private async confirm(payload: VenueQrPayload): Promise<void> {
    this.view = { name: 'loading' };
    this.scanning = false;
    try {
      this.showConfirm(payload, await verifyVenue(payload));
      performance.mark('luca:venue-shown');
    } catch (error) {
      if (isOffline(error)) {
        this.showConfirm(payload, undefined);
        return;
      }
      this.notice = error instanceof ProtocolError ? this.messages.venueUnverified : this.describe(error);
      this.view = { name: 'checkin' };
    }
  }

  /** The venue to confirm, as a screen of its own: Back cancels the check-in. */
  private showConfirm(payload: VenueQrPayload, venue: VerifiedVenue | undefined): void {
    if (location.hash !== CONFIRM_HASH) history.pushState(null, '', CONFIRM_HASH);
    this.view = { name: 'confirm', payload, venue };
  }

  /** Leaves the confirmation without a history entry to come back to it. */
  private leaveConfirm(): void {
    if (location.hash === CONFIRM_HASH) history.replaceState(null, '', TAB_HASH.checkin);
    this.view = { name: 'checkin' };
  }

  private async onContactSaved(event: CustomEvent<ContactSavedDetail>): Promise<void> {
    const first = !this.contact || this.view.name === 'complete';
    this.contact = event.detail.contact;
    await guestStore.saveContact(this.contact);
    if (first && this.pendingPayload) {
      const payload = this.pendingPayload;
      this.pendingPayload = undefined;
      await this.confirm(payload);
    } else if (first) {
      history.replaceState(null, '', TAB_HASH.checkin);
      this.view = { name: 'checkin' };
    } else {
      this.notice = this.messages.saved;
    }
  }

  private async onManualEntry(event: CustomEvent<ManualEntryDetail>): Promise<void> {
    const { text } = event.detail;
    this.manualError = undefined;
    if (/^https?:\/\//i.test(text)) {
      try {
        await this.confirm(parseVenueQrUrl(text, location.origin));
      } catch {
        this.manualError = this.messages.badLink;
      }
      return;
    }
    try {
      const { payload, venue } = await verifyVenueCode(text);
      this.showConfirm(payload, venue);
    } catch (error) {
      // A card that does not match the code (the server answered with keys the code does not pin)
      // is not a typo: the guest is told so, and to scan instead, where the full key is pinned.
      this.manualError =
        error instanceof ProtocolError && (error.code === 'bad_key' || error.code === 'bad_signature')
          ? this.messages.codeNotThisVenue
          : error instanceof ProtocolError || (error instanceof ApiRequestError && error.status === 404)
            ? this.messages.badCode
            : this.describe(error);
    }
  }

  private async onConfirm(payload: VenueQrPayload, venue: VerifiedVenue | undefined, detail: ConfirmDetail): Promise<void> {
    if (!this.contact) return;
    this.busy = true;
    this.notice = undefined;
    try {
      // Remembered for the next check-in; the persons' data as it is now goes into this one.
      const companions = await people.choose(detail.companions);
      this.partyChoice = await people.lastChoice();
      const stay = await checkIn(payload, venue, this.contact, Date.now(), companions);
      if (stay.checkIn === 'sent') performance.mark('luca:checked-in');
      void this.askNotificationsOnce();
    } catch (error) {
      // Offline: the stay is stored as pending and shown as such; anything else is explained.
      if (!isOffline(error)) this.notice = this.describe(error);
    } finally {
      this.busy = false;
      this.stays = await guestStore.stays();
      this.leaveConfirm();
    }
  }

  /** The person form, as a screen of its own. */
  private openPerson(id: string): void {
    history.pushState(null, '', `#/people/${id}`);
    this.view = { name: 'person', id };
  }

  /** Back to the list, without a history entry to come back to the form. */
  private closePerson(): void {
    if (PERSON_HASH.test(location.hash)) history.replaceState(null, '', TAB_HASH.people);
    this.view = { name: 'people' };
  }

  private async onPeopleChanged(detail: PeopleChangedDetail): Promise<void> {
    this.people = detail.people;
    this.partyChoice = await people.lastChoice();
  }

  private async onCheckout(stay: Stay): Promise<void> {
    if (!this.contact) return;
    this.busy = true;
    try {
      await checkOut(stay.id, this.contact);
      this.notice = this.messages.checkedOut;
    } catch (error) {
      this.notice = isOffline(error) ? this.messages.pending : this.describe(error);
    } finally {
      this.busy = false;
      this.stays = await guestStore.stays();
    }
  }

  private async onDeleteEverything(): Promise<void> {
    const m = this.messages;
    const confirmed = await confirmAction({
      title: m.deleteConfirmTitle,
      body: m.deleteConfirmBody(this.stays.length),
      confirm: m.deleteConfirm,
      cancel: m.cancel,
      danger: true,
    });
    if (!confirmed) return;
    // No flush may write while (or after) the database is deleted.
    this.deleting = true;
    await whenIdle();
    await guestStore.deleteEverything();
    this.deleting = false;
    localStorage.clear();
    // CacheStorage exists only in secure contexts, whatever the DOM types say.
    const caches = globalThis.caches as CacheStorage | undefined;
    await caches?.delete(API_CACHE_NAME);
    this.contact = undefined;
    this.stays = [];
    this.people = [];
    this.partyChoice = [];
    this.warnings = [];
    this.feedState = undefined;
    this.notice = this.messages.deleted;
    this.view = { name: 'onboarding' };
  }

  private describe(error: unknown): string {
    return describeError(error, this.messages.errors);
  }

  private setLang(lang: Lang): void {
    this.language.set(lang, { remember: true });
  }

  private go(tab: Tab): void {
    if (location.hash !== TAB_HASH[tab]) location.hash = TAB_HASH[tab];
    else this.followAddress();
  }

  private renderCheckIn() {
    const stay = this.currentStay;
    if (stay) {
      return html`<luca-current-stay .stay=${stay} ?busy=${this.busy} @luca-checkout=${() => this.onCheckout(stay)}></luca-current-stay>`;
    }
    return html`<section>
        <p>${this.messages.ready}</p>
        ${
          this.scanning
            ? html`<luca-qr-scanner
              @luca-scanned=${(event: CustomEvent<ScannedDetail>) => this.confirm(event.detail.payload)}
              @luca-scan-closed=${() => (this.scanning = false)}
            ></luca-qr-scanner>`
            : html`<button @click=${() => (this.scanning = true)}>${this.messages.scan}</button>`
        }
      </section>
      <section>
        <h2>${this.messages.manualTitle}</h2>
        <luca-manual-checkin .error=${this.manualError} @luca-manual-entry=${this.onManualEntry}></luca-manual-checkin>
      </section>`;
  }

  private renderView() {
    const view = this.view;
    switch (view.name) {
      case 'loading':
        return html`<p aria-busy="true">${this.messages.verifying}</p>`;
      case 'onboarding':
        return html`<p>${this.messages.welcome}</p>
          <h2>${this.messages.contactTitle}</h2>
          <luca-contact-form @luca-contact-saved=${this.onContactSaved}></luca-contact-form>`;
      case 'complete':
        return html`<h2>${this.messages.completeTitle}</h2>
          <p data-testid="complete-intro">${this.messages.completeIntro}</p>
          <luca-contact-form .initial=${this.contact} .submitLabel=${this.messages.completeSave} @luca-contact-saved=${this.onContactSaved}></luca-contact-form>`;
      case 'confirm':
        return html`<luca-venue-confirm
          .venue=${view.venue}
          ?busy=${this.busy}
          .people=${this.people}
          .preselected=${this.partyChoice}
          leadName=${this.contact ? `${this.contact.firstName} ${this.contact.lastName}` : ''}
          @luca-confirm=${(event: CustomEvent<ConfirmDetail>) => this.onConfirm(view.payload, view.venue, event.detail)}
          @luca-cancel=${() => this.leaveConfirm()}
        ></luca-venue-confirm>`;
      case 'checkin':
        return this.renderCheckIn();
      case 'history':
        return html`${this.renderWarningList()}<luca-visit-history .stays=${this.stays}></luca-visit-history>`;
      case 'warning': {
        const received = this.warnings.find((item) => item.warning.warningId === view.id);
        if (!received) return html`<p data-testid="warning-missing">${this.messages.warningNotFound}</p>`;
        return html`<luca-exposure-warning
          .received=${received}
          .stays=${this.stays.filter((stay) => received.checkInIds.includes(stay.id))}
          ?busy=${this.acknowledging.busy}
          .error=${this.acknowledging.error}
          @luca-acknowledge=${() => this.onAcknowledge(view.id)}
          @luca-warning-back=${() => this.go('history')}
        ></luca-exposure-warning>`;
      }
      case 'share':
        return html`<luca-share-history .stays=${this.stays} homePostcode=${this.contact?.postcode ?? ''}></luca-share-history>`;
      case 'people':
      case 'person':
        // One template for the list and the form, so that the list's notice outlives the form.
        return html`<luca-people
          .people=${this.people}
          .lead=${this.contact}
          .editing=${view.name === 'person' ? view.id : undefined}
          @luca-people-changed=${(event: CustomEvent<PeopleChangedDetail>) => void this.onPeopleChanged(event.detail)}
          @luca-person-open=${(event: CustomEvent<PersonOpenDetail>) => this.openPerson(event.detail.id)}
          @luca-person-close=${() => this.closePerson()}
        ></luca-people>`;
      case 'mydata':
        return html`<luca-my-data .contact=${this.contact} @luca-contact-saved=${this.onContactSaved} @luca-delete-everything=${this.onDeleteEverything}></luca-my-data>`;
    }
  }

  /** Warnings not yet read (and not withdrawn): a banner on every screen but their own. */
  private renderWarningBanner() {
    const unread = this.warnings.filter((item) => item.readAt === undefined && item.withdrawnAt === undefined);
    const first = unread[0];
    if (!first || this.view.name === 'warning' || this.view.name === 'onboarding') return nothing;
    return html`<div class="alert" role="alert" data-testid="warning-banner">
      <span>${this.messages.warningBanner(unread.length)}</span>
      <button @click=${() => (location.hash = `#/warning/${first.warning.warningId}`)}>${this.messages.warningShow}</button>
    </div>`;
  }

  /** The visits tab's warnings: each one, when the feed was last checked, and why warnings might not reach the guest. */
  private renderWarningList() {
    const m = this.messages;
    const lang = this.language.lang;
    const state = this.feedState;
    const failed = state?.failedAt !== undefined && (state.checkedAt === undefined || state.failedAt > state.checkedAt);
    return html`<section class="warnings" aria-labelledby="warnings-title" data-testid="warning-list">
      <h2 id="warnings-title">${m.warningsTitle}</h2>
      ${
        this.warnings.length === 0
          ? html`<p>${m.warningNone}</p>`
          : html`<ul>
              ${this.warnings.map(
                (item) => html`<li>
                  <a href="#/warning/${item.warning.warningId}" data-testid="warning-link"
                    >${this.stays.find((stay) => item.checkInIds.includes(stay.id))?.venueName ?? ''} · ${venueTime(item.warning.from, lang, 'weekdayDayTime')}${
                      item.withdrawnAt !== undefined
                        ? ` · ${m.warningWithdrawnShort}`
                        : item.readAt !== undefined
                          ? ` · ${m.warningReadShort}`
                          : ''
                    }</a
                  >
                </li>`,
              )}
            </ul>`
      }
      ${failed ? html`<p class="error" role="status" data-testid="warning-feed-failed">${m.warningFeedFailed}</p>` : nothing}
      ${state?.checkedAt !== undefined && !failed ? html`<p class="muted" data-testid="warning-checked">${m.warningChecked(venueTime(state.checkedAt, lang, 'time'))}</p>` : nothing}
      ${
        this.notificationPermission === 'denied'
          ? html`<p class="muted" data-testid="warning-notifications-off">${m.warningNotificationsOff}</p>`
          : this.notificationPermission === 'unsupported'
            ? html`<p class="muted">${m.warningNotificationsUnsupported}</p>`
            : nothing
      }
    </section>`;
  }

  private renderNav() {
    // No tabs while the guest decides on a venue, to keep that one decision in front.
    if (this.view.name === 'onboarding' || this.view.name === 'complete' || this.view.name === 'loading' || this.view.name === 'confirm')
      return nothing;
    const tabs: [Tab, string][] = [
      ['checkin', this.messages.navCheckIn],
      ['history', this.messages.navHistory],
      ['share', this.messages.navShare],
      ['people', this.messages.navPeople],
      ['mydata', this.messages.navMyData],
    ];
    return html`<nav aria-label=${this.messages.nav}>
      ${tabs.map(
        ([tab, label]) =>
          html`<button aria-current=${this.view.name === tab || (tab === 'people' && this.view.name === 'person') ? 'page' : 'false'} @click=${() => this.go(tab)}>
            ${label}
          </button>`,
      )}
    </nav>`;
  }

  override render() {
    return html`<header>
        <h1>${this.messages.appTitle}</h1>
        <luca-lang-switch lang=${this.language.lang} label=${this.messages.language} @luca-lang-change=${(event: CustomEvent<{ lang: Lang }>) => this.setLang(event.detail.lang)}></luca-lang-switch>
      </header>
      ${
        this.applyUpdate
          ? html`<div class="update" role="status">${this.messages.updateReady} <button @click=${() => this.applyUpdate?.()}>${this.messages.updateNow}</button></div>`
          : nothing
      }
      <main>
        ${this.renderWarningBanner()} ${this.notice ? html`<p class="notice" role="status" data-testid="notice">${this.notice}</p>` : nothing}
        ${this.renderView()}
      </main>
      ${this.renderNav()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-guest-app': LucaGuestApp;
  }
}
