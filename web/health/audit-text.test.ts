import { describe, expect, it } from 'vitest';
import { formatAuditDetail } from '../../protocol/audit-detail.ts';
import { auditDetailText } from './audit-text.ts';
import { healthMessages } from './messages.ts';

describe('auditDetailText', () => {
  it('says what the signed English statement says, in the reader’s language', () => {
    const de = healthMessages.de;
    expect(auditDetailText('results_decrypted', formatAuditDetail({ kind: 'results_decrypted', decrypted: 3, failed: 0 }), de)).toBe(
      '3 Check-ins entschlüsselt',
    );
    expect(auditDetailText('request_approved', formatAuditDetail({ kind: 'request_approved', released: 1 }), de)).toBe(
      '1 Check-in freigegeben',
    );
    expect(auditDetailText('exported', formatAuditDetail({ kind: 'exported', format: 'sormas', contacts: 5 }), de)).toBe(
      'SORMAS, 5 Kontakte',
    );
    expect(auditDetailText('case_opened', formatAuditDetail({ kind: 'case_opened', source: 'tan', visits: 2 }), healthMessages.en)).toBe(
      '2 visits from the shared history',
    );
    expect(
      auditDetailText(
        'case_opened',
        formatAuditDetail({ kind: 'case_opened', source: 'interview', reason: 'Telefonat: Café Demo, Freitagabend' }),
        de,
      ),
    ).toBe('ohne App: Telefonat: Café Demo, Freitagabend');
    const checkpoint = formatAuditDetail({ kind: 'checkpoint', seq: 41, hash: 'A'.repeat(43), at: 1_790_000_000_000 });
    expect(auditDetailText('checkpoint', checkpoint, de)).toBe(
      'Kette bis Eintrag 41 geprüft; ältere Einträge dürfen nach der Aufbewahrungsfrist gelöscht werden',
    );
  });

  it('shows an entry of an older form as it was signed', () => {
    expect(auditDetailText('results_decrypted', 'something else', healthMessages.de)).toBe('something else');
  });
});
