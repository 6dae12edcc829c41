/**
 * The `detail` of an audit entry: a short English statement that the actor signs (so it reads
 * the same in every language and in any tool that inspects the chain), written and read by the
 * pairs below. Apps never show the English text: they parse it back into its fields and render
 * those in the reader's language. A detail that no parser recognises (an entry of an older
 * version) is shown as written. Each format is fixed: the Worker checks some of them exactly
 * (an approval must state how many check-ins it released).
 */
/** What an audit entry records (protocol/audit-log.ts signs and chains them). */
export const AUDIT_KINDS = [
  'tan_redeemed',
  'case_opened',
  'request_sent',
  'request_forwarded',
  'request_approved',
  'request_declined',
  'results_decrypted',
  'exported',
  'case_closed',
  'checkpoint',
  'warning_sent',
  'warning_withdrawn',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export type AuditDetail =
  | { kind: 'tan_redeemed' }
  | { kind: 'case_opened'; source: 'tan'; visits: number }
  | { kind: 'case_opened'; source: 'forward'; office: string }
  | { kind: 'case_opened'; source: 'interview'; reason: string }
  | { kind: 'request_sent' | 'request_forwarded'; venue: string }
  | { kind: 'request_approved'; released: number }
  | { kind: 'request_declined'; reason: string }
  | { kind: 'results_decrypted'; decrypted: number; failed: number }
  | { kind: 'exported'; format: 'csv' | 'sormas'; contacts: number }
  | { kind: 'case_closed' }
  /** A warning to the guests of the entry's venue (the entry's requestId is the warning's id): its level and window (ms). */
  | { kind: 'warning_sent'; level: number; from: number; to: number }
  | { kind: 'warning_withdrawn' }
  /**
   * An employee's browser checked the office's chain up to entry `seq` (its hash and its `at`), so
   * that the retention job may delete the entries up to it once they are old enough
   * (protocol/audit-log.ts, "Checkpoints").
   */
  | { kind: 'checkpoint'; seq: number; hash: string; at: number };

/** The longest detail an entry carries (the schema's limit). */
export const MAX_DETAIL_LENGTH = 500;
const INTERVIEW = 'without the app: ';
const FORWARDED = 'forwarded by ';

/** Text someone typed, made fit for a detail: no control characters, within the limit. */
function clip(text: string, room: number): string {
  return text.replace(/\p{Cc}+/gu, ' ').slice(0, room);
}

export function formatAuditDetail(detail: AuditDetail): string {
  switch (detail.kind) {
    case 'tan_redeemed':
    case 'case_closed':
    case 'warning_withdrawn':
      return '';
    case 'warning_sent':
      return `level ${detail.level}, ${detail.from} to ${detail.to}`;
    case 'case_opened':
      if (detail.source === 'tan') return `${detail.visits} visits in the shared history`;
      if (detail.source === 'forward') return `${FORWARDED}${clip(detail.office, MAX_DETAIL_LENGTH - FORWARDED.length)}`;
      return `${INTERVIEW}${clip(detail.reason, MAX_DETAIL_LENGTH - INTERVIEW.length)}`;
    case 'request_sent':
    case 'request_forwarded':
      return clip(detail.venue, MAX_DETAIL_LENGTH);
    case 'request_approved':
      return `${detail.released} check-ins released`;
    case 'request_declined':
      return clip(detail.reason, 200);
    case 'results_decrypted':
      return `${detail.decrypted} check-ins decrypted, ${detail.failed} failed`;
    case 'exported':
      return `${detail.format === 'csv' ? 'CSV' : 'SORMAS CSV'}, ${detail.contacts} contacts`;
    case 'checkpoint':
      return `chain checked up to #${detail.seq}, hash ${detail.hash}, dated ${detail.at}`;
  }
}

const count = (text: string | undefined) => (text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined);
/** A sequence number or a time in ms: no leading zero, so that each number has one spelling and the detail one form. */
const bigCount = (text: string | undefined) => (text !== undefined && /^(0|[1-9]\d{0,14})$/.test(text) ? Number(text) : undefined);

/** The fields of a detail written by formatAuditDetail for `kind`, or undefined if it is not in that form. */
export function parseAuditDetail(kind: AuditKind, detail: string): AuditDetail | undefined {
  switch (kind) {
    case 'tan_redeemed':
    case 'case_closed':
    case 'warning_withdrawn':
      return detail === '' ? { kind } : undefined;
    case 'warning_sent': {
      const match = /^level ([12]), (\d+) to (\d+)$/.exec(detail);
      const level = count(match?.[1]);
      const from = bigCount(match?.[2]);
      const to = bigCount(match?.[3]);
      return level === undefined || from === undefined || to === undefined ? undefined : { kind, level, from, to };
    }
    case 'case_opened': {
      const visits = count(/^(\d+) visits in the shared history$/.exec(detail)?.[1]);
      if (visits !== undefined) return { kind, source: 'tan', visits };
      if (detail.startsWith(FORWARDED)) return { kind, source: 'forward', office: detail.slice(FORWARDED.length) };
      if (detail.startsWith(INTERVIEW)) return { kind, source: 'interview', reason: detail.slice(INTERVIEW.length) };
      return undefined;
    }
    case 'request_sent':
    case 'request_forwarded':
      return { kind, venue: detail };
    case 'request_approved': {
      const released = count(/^(\d+) check-ins released$/.exec(detail)?.[1]);
      return released === undefined ? undefined : { kind, released };
    }
    case 'request_declined':
      return { kind, reason: detail };
    case 'results_decrypted': {
      const match = /^(\d+) check-ins decrypted, (\d+) failed$/.exec(detail);
      const decrypted = count(match?.[1]);
      const failed = count(match?.[2]);
      return decrypted === undefined || failed === undefined ? undefined : { kind, decrypted, failed };
    }
    case 'exported': {
      const match = /^(CSV|SORMAS CSV), (\d+) contacts$/.exec(detail);
      const contacts = count(match?.[2]);
      return match && contacts !== undefined ? { kind, format: match[1] === 'CSV' ? 'csv' : 'sormas', contacts } : undefined;
    }
    case 'checkpoint': {
      const match = /^chain checked up to #(\d+), hash ([A-Za-z0-9_-]{43}), dated (\d+)$/.exec(detail);
      const seq = bigCount(match?.[1]);
      const at = bigCount(match?.[3]);
      return match?.[2] !== undefined && seq !== undefined && seq >= 1 && at !== undefined ? { kind, seq, hash: match[2], at } : undefined;
    }
  }
}
