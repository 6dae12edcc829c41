/** The health-office API as the app uses it (worker/routes/office/*), typed. */
import type { ChainedAuditEntry, SignedAuditEntry } from '../../protocol/audit-log.ts';
import type { DataRequest, EmployeeCertificate } from '../../protocol/data-request.ts';
import type { DailyKey, OfficeCertificate } from '../../protocol/hierarchy.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import type { CaseVisit } from '../../protocol/case-visit.ts';
import { api, call } from '../../client/api.ts';
import type { SignedInAccount } from '../../client/passkey-sign-in.ts';
import type { InnerRelease } from './inner-layer.ts';
import { transferRoutes } from '../../protocol/api/transfers.ts';

export interface Me {
  account: SignedInAccount;
  staff: { officeId: string; role: 'admin' | 'member'; status: 'pending' | 'active'; certificate: EmployeeCertificate | null };
  office: { certificate: OfficeCertificate | null; certificateRequest: { name: string; postcodes: string[]; signingKey: string } | null };
}

export interface Employee {
  accountId: string;
  displayName: string;
  role: 'admin' | 'member';
  status: 'pending' | 'active' | 'removed';
  deviceKey: string;
  signingKey: string;
  certificate: EmployeeCertificate | null;
  createdAt: number;
}

export interface Grant {
  keyId: string;
  day: string | null;
  sealed: string;
}

export type { CaseVisit } from '../../protocol/case-visit.ts';

export interface CaseSummary {
  id: string;
  reference: string;
  status: 'open' | 'closed';
  createdAt: number;
  closedAt: number | null;
}

export interface CaseRequest {
  request: DataRequest;
  venue: VenueCard;
  status: 'pending' | 'approved' | 'declined';
  declineReason: string | null;
  answeredAt: number | null;
  releasedCount: number | null;
}

export interface CaseDetail {
  case: CaseSummary & { visits: CaseVisit[] };
  requests: CaseRequest[];
  released: (InnerRelease & { requestId: string })[];
  contacts: { checkInId: string; status: 'to_call' | 'reached' | 'unreachable' }[];
  forwards: { request: DataRequest; toOfficeName: string; taken: boolean }[];
}

export interface Forward {
  id: string;
  request: DataRequest;
  fromOffice: OfficeCertificate;
  venue: VenueCard | null;
  createdAt: number;
  takenCaseId: string | null;
}

export const officeApi = {
  me: () => api.get<Me>('/api/office/me'),
  employees: () => api.get<{ employees: Employee[] }>('/api/office/employees'),
  invite: (role: 'admin' | 'member') => api.post<{ code: string; expiresAt: number }>('/api/office/invites', { role }),
  remove: (accountId: string) => api.delete<{ removed: true }>(`/api/office/employees/${accountId}`),
  keyring: () => api.get<{ grants: Grant[]; dailyKeys: DailyKey[] }>('/api/office/keys/keyring'),
  grant: (accountId: string, certificate: EmployeeCertificate, grants: Grant[]) => api.post('/api/office/keys/grants', { accountId, certificate, grants }),
  requestCertificate: (signingKey: string) => api.post('/api/office/keys/certificate-request', { signingKey }),
  publishDailyKeys: (keys: { record: DailyKey; grants: { accountId: string; sealed: string }[] }[]) => api.post('/api/office/keys/daily-keys', { keys }),
  redeem: (tan: string, caseId: string, audit: SignedAuditEntry) => call(transferRoutes.redeem, { body: { tan, caseId, audit } }),
  cases: () => api.get<{ cases: CaseSummary[] }>('/api/office/cases'),
  openCase: (body: { caseId: string; reference: string; visits: CaseVisit[]; audit: SignedAuditEntry; forwardId?: string; withoutApp?: { reason: string } }) => api.post('/api/office/cases', body),
  venues: (query: string) => api.get<{ venues: VenueCard[] }>(`/api/office/venues?q=${encodeURIComponent(query)}`),
  caseDetail: (caseId: string) => api.get<CaseDetail>(`/api/office/cases/${caseId}`),
  sendRequest: (caseId: string, request: DataRequest, audit: SignedAuditEntry) => api.post(`/api/office/cases/${caseId}/requests`, { request, audit }),
  forward: (caseId: string, request: DataRequest, audit: SignedAuditEntry) => api.post(`/api/office/cases/${caseId}/forwards`, { request, audit }),
  setStatus: (caseId: string, checkInId: string, status: 'to_call' | 'reached' | 'unreachable') => api.put(`/api/office/cases/${caseId}/contacts/${checkInId}`, { status }),
  audit: (caseId: string, audit: SignedAuditEntry) => api.post(`/api/office/cases/${caseId}/audit`, { audit }),
  close: (caseId: string, audit: SignedAuditEntry) => api.post(`/api/office/cases/${caseId}/close`, { audit }),
  forwards: () => api.get<{ forwards: Forward[] }>('/api/office/forwards'),
  log: () => api.get<{ entries: ChainedAuditEntry[]; employees: EmployeeCertificate[]; venues: VenueCard[] }>('/api/office/audit'),
};
