import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditDetail, MAX_DETAIL_LENGTH, formatAuditDetail, parseAuditDetail } from './audit-detail.ts';
import { releasedDetail } from './audit-log.ts';
import { toBase64Url } from './bytes.ts';

const text = fc.string({ maxLength: 600 });
const n = fc.nat({ max: 100_000 });
const details: fc.Arbitrary<AuditDetail> = fc.oneof(
  fc.constant({ kind: 'tan_redeemed' as const }),
  fc.constant({ kind: 'case_closed' as const }),
  n.map((visits) => ({ kind: 'case_opened' as const, source: 'tan' as const, visits })),
  text.map((office) => ({ kind: 'case_opened' as const, source: 'forward' as const, office })),
  text.map((reason) => ({ kind: 'case_opened' as const, source: 'interview' as const, reason })),
  fc.record({ kind: fc.constantFrom('request_sent' as const, 'request_forwarded' as const), venue: text }),
  n.map((released) => ({ kind: 'request_approved' as const, released })),
  text.map((reason) => ({ kind: 'request_declined' as const, reason })),
  fc.record({ kind: fc.constant('results_decrypted' as const), decrypted: n, failed: n }),
  fc.record({ kind: fc.constant('exported' as const), format: fc.constantFrom('csv' as const, 'sormas' as const), contacts: n }),
  fc.record({
    kind: fc.constant('checkpoint' as const),
    seq: fc.integer({ min: 1, max: 2 ** 40 }),
    hash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => toBase64Url(bytes)),
    at: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  }),
);

describe('audit details', () => {
  it('read back as the fields they were written from, within the schema’s limits', () => {
    fc.assert(
      fc.property(details, (detail) => {
        const written = formatAuditDetail(detail);
        expect(written.length).toBeLessThanOrEqual(MAX_DETAIL_LENGTH);
        expect(written).not.toMatch(/\p{Cc}/u);
        const read = parseAuditDetail(detail.kind, written);
        expect(read?.kind).toBe(detail.kind);
        // Numbers and formats survive exactly; typed text survives as written (clipped, control characters replaced).
        if (
          detail.kind === 'request_approved' ||
          detail.kind === 'results_decrypted' ||
          detail.kind === 'exported' ||
          detail.kind === 'checkpoint' ||
          (detail.kind === 'case_opened' && detail.source === 'tan')
        )
          expect(read).toEqual(detail);
        if (detail.kind === 'case_opened') expect(read).toMatchObject({ source: detail.source });
      }),
    );
  });

  it('keeps the approval statement the Worker checks, and does not read what it did not write', () => {
    expect(releasedDetail(3)).toBe('3 check-ins released');
    expect(parseAuditDetail('request_approved', '3 check-ins released')).toEqual({ kind: 'request_approved', released: 3 });
    expect(parseAuditDetail('request_approved', 'lots')).toBeUndefined();
    expect(parseAuditDetail('results_decrypted', '0 contacts')).toBeUndefined();
    expect(parseAuditDetail('case_closed', 'closed by phone')).toBeUndefined();
    // A checkpoint's numbers have one spelling each: no leading zeros, no entry 0.
    const hash = 'A'.repeat(43);
    expect(parseAuditDetail('checkpoint', `chain checked up to #7, hash ${hash}, dated 1790000000000`)).toEqual({
      kind: 'checkpoint',
      seq: 7,
      hash,
      at: 1_790_000_000_000,
    });
    expect(parseAuditDetail('checkpoint', `chain checked up to #07, hash ${hash}, dated 1790000000000`)).toBeUndefined();
    expect(parseAuditDetail('checkpoint', `chain checked up to #0, hash ${hash}, dated 1790000000000`)).toBeUndefined();
    expect(parseAuditDetail('checkpoint', `chain checked up to #7, hash ${hash}A, dated 1790000000000`)).toBeUndefined();
  });
});
