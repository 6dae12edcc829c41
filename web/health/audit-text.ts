/**
 * An audit entry's detail in the reader's language: the signed English statement is parsed back
 * into its fields (protocol/audit-detail.ts) and said again from the catalogue. A detail in no
 * known form (an entry of an older version) is shown as it was signed.
 */
import { parseAuditDetail } from '../../protocol/audit-detail.ts';
import type { AuditKind } from '../../protocol/audit-log.ts';
import type { Lang } from '../../client/i18n.ts';
import { formatTime } from './format.ts';
import type { HealthMessages } from './messages.ts';

export function auditDetailText(kind: AuditKind, detail: string, t: HealthMessages, lang: Lang = 'de'): string {
  const parsed = parseAuditDetail(kind, detail);
  if (!parsed) return detail;
  const say = t.auditDetailText;
  switch (parsed.kind) {
    case 'tan_redeemed':
    case 'case_closed':
    case 'warning_withdrawn':
      return '';
    case 'warning_sent':
      return say.warned(parsed.level, `${formatTime(parsed.from, lang)} – ${formatTime(parsed.to, lang)}`);
    case 'case_opened':
      return parsed.source === 'tan'
        ? say.caseFromTan(parsed.visits)
        : parsed.source === 'forward'
          ? say.caseFromForward(parsed.office)
          : say.caseWithoutApp(parsed.reason);
    case 'request_sent':
    case 'request_forwarded':
      return parsed.venue;
    case 'request_approved':
      return say.released(parsed.released);
    case 'request_declined':
      return say.declined(parsed.reason);
    case 'results_decrypted':
      return say.decrypted(parsed.decrypted, parsed.failed);
    case 'exported':
      return say.exported(parsed.format === 'csv' ? 'CSV' : 'SORMAS', parsed.contacts);
    case 'checkpoint':
      return say.checkpoint(parsed.seq);
  }
}
