import { LitElement, css, html, nothing } from 'lit';
import { ActionState } from '../../client/action-state.ts';
import { formatOfficeCode } from '../../protocol/office-keyring.ts';
import { Localized } from '../../client/locale.ts';
import { formFields, theme } from '../../client/theme.ts';
import { type UnlockedOffice, admit } from './keyring.ts';
import { healthMessages } from './messages.ts';
import { type Employee, officeApi } from './office-api.ts';
import { describeOfficeError } from './office-error-text.ts';
import { renewRevocation } from './office-upkeep.ts';
import { requestRotation } from './office-rotation.ts';

/** The office's people: invite with a one-time code, admit (certify + share keys), remove. */
export class LucaOfficeStaff extends LitElement {
  static override properties = {
    office: { attribute: false },
    employees: { state: true },
    code: { state: true },
    rotation: { state: true },
  };

  static override styles = [
    theme,
    formFields,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .code {
        font-family: ui-monospace, monospace;
        font-size: 1.2rem;
      }
    `,
  ];

  private readonly i18n = new Localized(this, healthMessages);
  private readonly action = new ActionState(this, (error) => describeOfficeError(error, this.t));
  declare office: UnlockedOffice | undefined;
  declare employees: Employee[];

  declare code: string;
  /** What the last rotation request said: the new key's fingerprint to read out to the operator. */
  declare rotation: string;

  constructor() {
    super();
    this.code = '';
    this.rotation = '';
    this.employees = [];
  }

  private get t() {
    return this.i18n.messages;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.employees = (await officeApi.employees()).employees;
    } catch (error) {
      this.action.error = describeOfficeError(error, this.t);
    }
  }

  override render() {
    const t = this.t;
    const isAdmin = this.office?.me.staff.role === 'admin';
    return html`
      <h2>${t.staffTitle}</h2>
      <ul>
        ${this.employees.map(
          (employee) => html`<li data-testid="employee" data-account-id=${employee.accountId}>
            <strong>${employee.displayName}</strong>
            <span>${employee.role === 'admin' ? t.roleAdmin : t.roleMember}, ${t.staffStatus[employee.status]}</span>
            ${isAdmin && employee.status === 'pending' ? html`<button type="button" ?disabled=${this.action.busy} @click=${() => void this.run(() => this.admitOne(employee))}>${t.admit}</button>` : nothing}
            ${
              isAdmin && employee.status !== 'removed' && employee.accountId !== this.office?.me.account.id
                ? html`<button type="button" class="secondary" ?disabled=${this.action.busy} @click=${() => void this.removeOne(employee)}>${t.remove}</button>`
                : nothing
            }
          </li>`,
        )}
      </ul>
      ${
        isAdmin
          ? html`<form @submit=${this.invite}>
            <label>${t.inviteRole}<select name="role"><option value="member">${t.roleMember}</option><option value="admin">${t.roleAdmin}</option></select></label>
            <button type="submit" ?disabled=${this.action.busy}>${t.invite}</button>
          </form>`
          : nothing
      }
      ${
        isAdmin && this.office?.identity
          ? html`<p><button type="button" class="secondary" data-testid="rotate" ?disabled=${this.action.busy} @click=${() => void this.rotate(t.rotateConfirm)}>${t.rotate}</button></p>`
          : nothing
      }
      ${this.rotation ? html`<p class="code" role="status" data-testid="rotation-fingerprint">${this.rotation}</p>` : nothing}
      ${this.code ? html`<p class="code" role="status" data-testid="invite-code">${t.inviteCode(formatOfficeCode(this.code))}</p>` : nothing}
      ${this.action.error ? html`<p class="error" role="alert">${this.action.error}</p>` : nothing}
    `;
  }

  private async run(action: () => Promise<void>): Promise<void> {
    await this.action.run(async () => {
      await action();
      await this.load();
    });
  }

  /** The colleague reads their device code out (phone, in person); a swapped key does not match it. */
  private async admitOne(employee: Employee): Promise<void> {
    const code = prompt(this.t.admitPrompt(employee.displayName, employee.role === 'admin' ? this.t.roleAdmin : this.t.roleMember));
    if (code && this.office) await admit(this.office, employee, code);
  }

  private async removeOne(employee: Employee): Promise<void> {
    if (!confirm(this.t.removeConfirm(employee.displayName))) return;
    await this.run(async () => {
      await officeApi.remove(employee.accountId);
      // At once, not at the next sign-in: venues and guests refuse the removed colleague's signatures from this state on.
      if (this.office) await renewRevocation(this.office, (await officeApi.employees()).employees, { force: true });
    });
    // A removed admin may have kept the identity key: offer its rotation at once.
    if (employee.role === 'admin' && !this.action.error) await this.rotate(this.t.rotateAfterRemoval(employee.displayName));
  }

  /** A new identity key, requested for the operator's certificate (office-rotation.ts). */
  private async rotate(question: string): Promise<void> {
    if (!this.office || !confirm(question)) return;
    const office = this.office;
    await this.run(async () => {
      this.rotation = this.t.rotationRequested(await requestRotation(office, (await officeApi.employees()).employees));
    });
  }

  private async invite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const role = new FormData(event.target as HTMLFormElement).get('role') === 'admin' ? 'admin' : 'member';
    await this.run(async () => {
      this.code = (await officeApi.invite(role)).code;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luca-office-staff': LucaOfficeStaff;
  }
}
