import { LitElement, css, html, nothing } from 'lit';
import { formText } from '../../client/form-text.ts';
import { ActionState } from '../../client/action-state.ts';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { deviceFingerprint } from '../../protocol/office-keyring.ts';
import { deviceKeys } from './device-keys.ts';
import { fingerprint } from '../../protocol/hierarchy.ts';
import { ApiRequestError } from '../../client/api.ts';
import type { Lang } from '../../client/i18n.ts';
import { LangProvider } from '../../client/locale.ts';
import { signInWithPasskey, signOut } from '../../client/passkey-sign-in.ts';
import { formFields, theme } from '../../client/theme.ts';
import { type RequestFailure, takeOverForward } from './case-service.ts';
import type { CaseOpenedDetail } from './luca-case-intake.ts';
import { formatTime } from './format.ts';
import { type UnlockedOffice, certificateLapsed, joinWithCode, publishMissingDailyKeys, unlock } from './keyring.ts';
import { renewDueCertificates, renewRevocation } from './office-upkeep.ts';
import { completeRotation } from './office-rotation.ts';
import { KeysRefusedError } from './verified-keyring.ts';
import { healthMessages } from './messages.ts';
import { type CaseSummary, type Forward, type Me, officeApi } from './office-api.ts';
import { describeOfficeError } from './office-error-text.ts';

/** The browser signs out after this long without input (the server's limit is 30 minutes). */
export const IDLE_SIGN_OUT_MS = 15 * 60_000;

type IntakeStep = 'tan' | 'visits' | 'without-app';
type Route =
  { name: 'cases' } | { name: 'new'; step: IntakeStep } | { name: 'case'; caseId: string } | { name: 'staff' } | { name: 'audit' };

/** Every screen has its own address, so the browser's Back button goes back one screen. */
function parseRoute(hash: string): Route {
  const [, kind, id] = hash.replace(/^#/, '').split('/');
  if (kind === 'new') return { name: 'new', step: id === 'visits' || id === 'without-app' ? id : 'tan' };
  if (kind === 'case' && id) return { name: 'case', caseId: id };
  if (kind === 'staff') return { name: 'staff' };
  if (kind === 'audit') return { name: 'audit' };
  return { name: 'cases' };
}

/**
 * The health office's app at /health/: passkey sign-in or joining with a code, the office's keys
 * unlocked from this device's grants, cases, staff and the audit log. Signs out after 15 minutes
 * without input, dropping the unlocked keys with the page state.
 */
export class LucaHealthApp extends LitElement {
  static override properties = {
    me: { state: true },
    office: { state: true },
    route: { state: true },
    cases: { state: true },
    forwards: { state: true },
    notice: { state: true },
    certificateFingerprint: { state: true },
    deviceCode: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      :host {
        display: block;
        max-width: 64rem;
        margin: 0 auto;
        padding: 1rem;
      }
      header,
      nav {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
        justify-content: space-between;
      }
      nav a[aria-current='page'] {
        font-weight: 700;
        text-decoration: underline;
      }
      form {
        display: grid;
        gap: 0.6rem;
        max-width: 28rem;
      }
      ul.cases {
        padding-left: 1.2rem;
      }
    `,
  ];

  /** The employee's language, given to every element of the app. */
  private readonly language = new LangProvider(this, undefined, { ownsDocument: true });
  private readonly action = new ActionState(this, (error) => describeOfficeError(error, this.t));
  declare me: Me | undefined;
  declare office: UnlockedOffice | undefined;
  declare route: Route;
  declare cases: CaseSummary[];
  declare forwards: Forward[];

  declare notice: string;
  declare certificateFingerprint: string;
  declare deviceCode: string;

  constructor() {
    super();
    this.notice = '';
    this.certificateFingerprint = '';
    this.deviceCode = '';
    this.route = parseRoute(location.hash);
    this.cases = [];
    this.forwards = [];
  }
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onHash = () => {
    const next = parseRoute(location.hash);
    if (next.name !== 'case') this.failures = [];
    this.route = next;
    if (this.route.name === 'cases') void this.loadCases();
  };
  private readonly onActivity = () => this.armIdleTimer();

  private get t() {
    return healthMessages[this.language.lang];
  }

  /** The intake's requests that failed are shown once with the new case. */
  private failures: RequestFailure[] = [];

  private readonly onCaseOpened = (event: CustomEvent<CaseOpenedDetail>) => {
    this.failures = event.detail.failures;
    location.hash = `#/case/${event.detail.caseId}`;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    for (const type of ['pointerdown', 'keydown', 'scroll']) window.addEventListener(type, this.onActivity, { passive: true });
    void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    for (const type of ['pointerdown', 'keydown', 'scroll']) window.removeEventListener(type, this.onActivity);
    clearTimeout(this.idleTimer);
    super.disconnectedCallback();
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (this.me) this.idleTimer = setTimeout(() => void this.signOut(this.t.idleSignedOut), IDLE_SIGN_OUT_MS);
  }

  private async start(): Promise<void> {
    try {
      this.me = await officeApi.me();
    } catch (error) {
      if (!(error instanceof ApiRequestError && (error.status === 401 || error.status === 403)))
        this.action.error = describeOfficeError(error, this.t);
      this.me = undefined;
      return;
    }
    this.armIdleTimer();
    if (this.me.staff.status !== 'active') {
      const device = await deviceKeys.get(this.me.account.id);
      this.deviceCode = device ? await deviceFingerprint(toBase64Url(device.signingPublic), toBase64Url(device.devicePublic)) : '';
      return;
    }
    const request = this.me.office.certificateRequest;
    if (!this.me.office.certificate && request) this.certificateFingerprint = await fingerprint(fromBase64Url(request.signingKey));
    try {
      this.office = await unlock(this.me);
      if (await this.completeRotation(this.office)) {
        // The records, certificates and state the new key signed now verify: unlock them again.
        this.me = await officeApi.me();
        this.office = await unlock(this.me);
      }
      const rotation = this.me.office.rotationRequest;
      if (rotation) this.notice = this.t.rotationPending(await fingerprint(fromBase64Url(rotation.nextKey)));
      await this.publishKeys(this.office);
      await this.keepCurrent(this.office);
      // Said after publishing, so that a publishing error does not hide it: the server served keys
      // or records that do not match what the office signed, and the employee should report it.
      if (this.office.refused.length > 0)
        this.action.error = [describeOfficeError(new KeysRefusedError(this.office.refused), this.t), this.action.error]
          .filter((text) => text !== '')
          .join(' ');
      await this.loadCases();
    } catch (error) {
      this.action.error = describeOfficeError(error, this.t);
    }
  }

  /**
   * After the operator certified a new identity key, an admin's browser signs anew with it what the
   * old one signed (office-rotation.ts). A failure is said; the next unlock tries again.
   */
  private async completeRotation(office: UnlockedOffice): Promise<boolean> {
    try {
      const completed = await completeRotation(office);
      if (completed) this.notice = this.t.rotationCompleted;
      return completed;
    } catch (error) {
      this.action.error = describeOfficeError(error, this.t);
      return false;
    }
  }

  /** A failure here is said, but does not keep the cases from loading: the next unlock makes the missing keys. */
  private async publishKeys(office: UnlockedOffice): Promise<void> {
    try {
      const published = await publishMissingDailyKeys(office);
      if (published > 0) this.notice = this.t.keysPublished(published);
    } catch (error) {
      this.action.error = describeOfficeError(error, this.t);
    }
  }

  /**
   * An admin's browser renews colleagues' short-lived certificates and the office's revocation
   * state (office-upkeep.ts); every employee is told if their own certificate lapsed. A failure is
   * said and does not keep the cases from loading.
   */
  private async keepCurrent(office: UnlockedOffice): Promise<void> {
    const notes: string[] = [];
    if (office.revocation.refused) notes.push(this.t.revocationRefused);
    if (office.revocation.awaitingRotation) notes.push(this.t.rotationAwaiting);
    if (office.identity && office.me.office.certificate) {
      try {
        const { employees } = await officeApi.employees();
        // The revocation state first: a colleague the renewal refuses must not hold it up.
        try {
          await renewRevocation(office, employees);
        } catch (error) {
          notes.push(this.t.revocationFailed(describeOfficeError(error, this.t)));
        }
        const renewed = await renewDueCertificates(office, employees);
        if (renewed > 0) this.notice = [this.notice, this.t.certificatesRenewed(renewed)].filter((text) => text !== '').join(' ');
      } catch (error) {
        notes.push(describeOfficeError(error, this.t));
      }
    }
    const own = office.me.staff.certificate;
    if (own && certificateLapsed(own, Date.now())) notes.push(this.t.keyring.certificate_expired);
    if (notes.length > 0) this.action.error = [this.action.error, ...notes].filter((text) => text !== '').join(' ');
  }

  private async loadCases(): Promise<void> {
    if (!this.office) return;
    const [cases, forwards] = await Promise.all([officeApi.cases(), officeApi.forwards()]);
    this.cases = cases.cases;
    this.forwards = forwards.forwards;
  }

  override render() {
    const t = this.t;
    return html`
      <header>
        <h1>${t.title}</h1>
        <luca-lang-switch lang=${this.language.lang} label=${t.language} @luca-lang-change=${(event: CustomEvent<{ lang: Lang }>) => this.switchLang(event.detail.lang)}></luca-lang-switch>
        ${this.me ? html`<button type="button" class="secondary" @click=${() => void this.signOut('')}>${t.signOut}</button>` : nothing}
      </header>
      ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
      ${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : nothing}
      <main>${this.renderBody()}</main>
    `;
  }

  private renderBody() {
    const t = this.t;
    if (!this.me) return this.renderSignedOut();
    if (this.me.staff.status !== 'active')
      return html`<p role="status" data-testid="pending">${t.pending}</p>
        ${this.deviceCode ? html`<p data-testid="device-code">${t.deviceCode(this.deviceCode)}</p>` : html`<p class="error">${t.missingKeys}</p>`}`;
    if (this.certificateFingerprint) return html`<p role="status">${t.pendingCertificate(this.certificateFingerprint)}</p>`;
    if (!this.office) return nothing;
    const route = this.route;
    const link = (href: string, label: string, active: boolean) =>
      html`<a href=${href} aria-current=${active ? 'page' : 'false'}>${label}</a>`;
    return html`
      <nav aria-label=${t.title}>
        <span>${link('#/', t.navCases, route.name === 'cases' || route.name === 'case')} ${link('#/new', t.navNew, route.name === 'new')} ${link('#/staff', t.navStaff, route.name === 'staff')}
          ${link('#/audit', t.navAudit, route.name === 'audit')}</span>
        <span class="muted">${this.me.account.displayName}, ${this.me.office.certificate?.name ?? ''}</span>
      </nav>
      ${
        route.name === 'new'
          ? html`<luca-case-intake .office=${this.office} route=${route.step} @luca-case-opened=${this.onCaseOpened}></luca-case-intake>`
          : route.name === 'case'
            ? html`<luca-case-view .office=${this.office} case-id=${route.caseId} .failures=${this.failures}></luca-case-view>`
            : route.name === 'staff'
              ? html`<luca-office-staff .office=${this.office}></luca-office-staff>`
              : route.name === 'audit'
                ? html`<luca-audit-log .office=${this.office}></luca-audit-log>`
                : this.renderCases()
      }
    `;
  }

  private renderCases() {
    const t = this.t;
    return html`
      <h2>${t.cases}</h2>
      ${this.cases.length === 0 ? html`<p>${t.noCases}</p>` : nothing}
      <ul class="cases">
        ${this.cases.map((kase) => html`<li><a href="#/case/${kase.id}">${kase.reference}</a> · ${formatTime(kase.createdAt, this.language.lang)} · ${kase.status === 'open' ? t.open : t.closed}</li>`)}
      </ul>
      ${
        this.forwards.length > 0
          ? html`<h2>${t.forwardsTitle}</h2>
            <ul data-testid="forwards">
              ${this.forwards.map(
                (forward) =>
                  html`<li>
                    ${t.forwardFrom(forward.fromOffice.name, forward.venue?.name ?? forward.request.venueId, formatTime(forward.request.from, this.language.lang))} (${forward.request.caseReference})
                    ${
                      forward.takenCaseId
                        ? html`<a href="#/case/${forward.takenCaseId}">${t.takenOver}</a>`
                        : html`<button type="button" ?disabled=${this.action.busy} @click=${() => void this.takeOver(forward)}>${t.takeOver}</button>`
                    }
                  </li>`,
              )}
            </ul>`
          : nothing
      }
    `;
  }

  private renderSignedOut() {
    const t = this.t;
    return html`
      <p>${t.intro}</p>
      <button type="button" ?disabled=${this.action.busy} @click=${() =>
        void this.run(async () => {
          await signInWithPasskey();
        })}>${t.signIn}</button>
      <h2>${t.joinTitle}</h2>
      <p class="muted">${t.joinHint}</p>
      <form @submit=${this.join}>
        <label>${t.code}<input name="code" required autocomplete="off" spellcheck="false" maxlength="40" /></label>
        <label>${t.yourName}<input name="displayName" required minlength="2" maxlength="80" autocomplete="name" /></label>
        <button type="submit" ?disabled=${this.action.busy}>${t.join}</button>
      </form>
    `;
  }

  private async run(action: () => Promise<void>): Promise<void> {
    await this.action.run(async () => {
      await action();
      await this.start();
    });
  }

  private async takeOver(forward: Forward): Promise<void> {
    const office = this.office;
    if (!office) return;
    await this.action.run(async () => {
      location.hash = `#/case/${await takeOverForward(office, forward)}`;
    });
  }

  private async join(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    await this.run(() => joinWithCode(formText(form, 'code'), formText(form, 'displayName').trim()));
  }

  private async signOut(notice: string): Promise<void> {
    clearTimeout(this.idleTimer);
    await signOut().catch(() => undefined);
    // Dropping the page state drops the unlocked keys with it.
    this.office = undefined;
    this.me = undefined;
    this.cases = [];
    this.notice = notice;
  }

  private switchLang(lang: Lang): void {
    this.language.set(lang, { remember: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-health-app': LucaHealthApp;
  }
}
