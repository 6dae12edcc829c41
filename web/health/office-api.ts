/**
 * The health-office API as the app uses it (protocol/api/office-*.ts): each call is a route of the
 * contract, and each answer is checked against the route's response schema before the app sees it.
 */
import type { SignedAuditHead } from '../../protocol/audit-head.ts';
import type { SignedAuditEntry } from '../../protocol/audit-log.ts';
import type { DataRequest, EmployeeCertificate } from '../../protocol/data-request.ts';
import { officeAuditRoutes } from '../../protocol/api/office-audit.ts';
import { type ContactStatus, officeCaseRoutes } from '../../protocol/api/office-cases.ts';
import { officeForwardRoutes } from '../../protocol/api/office-forwards.ts';
import { type Grant, officeKeyRoutes } from '../../protocol/api/office-keys.ts';
import { officeStaffRoutes } from '../../protocol/api/office-staff.ts';
import { officeVenueRoutes } from '../../protocol/api/office-venues.ts';
import type { RequestOf } from '../../protocol/api/route.ts';
import { transferRoutes } from '../../protocol/api/transfers.ts';
import { call } from '../../client/api.ts';

export type { Employee, Me } from '../../protocol/api/office-staff.ts';
export type { Grant } from '../../protocol/api/office-keys.ts';
export type { CaseDetail, CaseRequest, CaseSummary } from '../../protocol/api/office-cases.ts';
export type { Forward } from '../../protocol/api/office-forwards.ts';
export type { CaseVisit } from '../../protocol/case-visit.ts';

export const officeApi = {
  me: () => call(officeStaffRoutes.me, {}),
  employees: () => call(officeStaffRoutes.employees, {}),
  invite: (role: 'admin' | 'member') => call(officeStaffRoutes.invite, { body: { role } }),
  remove: (accountId: string) => call(officeStaffRoutes.remove, { params: { accountId } }),
  keyring: () => call(officeKeyRoutes.keyring, {}),
  grant: (accountId: string, certificate: EmployeeCertificate, grants: Grant[]) =>
    call(officeKeyRoutes.grants, { body: { accountId, certificate, grants } }),
  requestCertificate: (signingKey: string) => call(officeKeyRoutes.certificateRequest, { body: { signingKey } }),
  publishDailyKeys: (keys: RequestOf<typeof officeKeyRoutes.dailyKeys>['body']['keys']) =>
    call(officeKeyRoutes.dailyKeys, { body: { keys } }),
  redeem: (lookup: string, caseId: string, audit: SignedAuditEntry) => call(transferRoutes.redeem, { body: { lookup, caseId, audit } }),
  cases: () => call(officeCaseRoutes.list, {}),
  openCase: (body: RequestOf<typeof officeCaseRoutes.open>['body']) => call(officeCaseRoutes.open, { body }),
  venues: (query: string) => call(officeVenueRoutes.search, { query: { q: query } }),
  caseDetail: (caseId: string) => call(officeCaseRoutes.detail, { params: { caseId } }),
  sendRequest: (caseId: string, request: DataRequest, audit: SignedAuditEntry) =>
    call(officeCaseRoutes.request, { params: { caseId }, body: { request, audit } }),
  forward: (caseId: string, request: DataRequest, audit: SignedAuditEntry) =>
    call(officeCaseRoutes.forward, { params: { caseId }, body: { request, audit } }),
  /** `person`: 0 for the one who checked in (sent without it, as before groups), else the companion's place. */
  setStatus: (caseId: string, checkInId: string, person: number, status: ContactStatus) =>
    call(officeCaseRoutes.contactStatus, { params: { caseId, checkInId }, body: person === 0 ? { status } : { status, person } }),
  audit: (caseId: string, audit: SignedAuditEntry) => call(officeCaseRoutes.audit, { params: { caseId }, body: { audit } }),
  close: (caseId: string, audit: SignedAuditEntry) => call(officeCaseRoutes.close, { params: { caseId }, body: { audit } }),
  forwards: () => call(officeForwardRoutes.inbox, {}),
  log: () => call(officeAuditRoutes.log, {}),
  checkpoint: (audit: SignedAuditEntry) => call(officeAuditRoutes.checkpoint, { body: { audit } }),
  heads: () => call(officeAuditRoutes.heads, {}),
  postHead: (head: SignedAuditHead) => call(officeAuditRoutes.postHead, { body: { head } }),
};
