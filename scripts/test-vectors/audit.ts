/**
 * Two chained audit entries of one office: the employee sends a request, the venue approves it.
 * Each shows its signed fields, the bytes hashed into the chain, and the entry as the server
 * stores and serves it.
 */
import { sha256, toBase64Url } from '../../protocol/bytes.ts';
import { formatAuditDetail } from '../../protocol/audit-detail.ts';
import {
  type AuditActor,
  type AuditBody,
  type ChainedAuditEntry,
  genesisHash,
  linkAuditEntry,
  releasedDetail,
  signAuditEntry,
  verifyAuditChain,
} from '../../protocol/audit-log.ts';
import { type TestVectors, fromHex } from '../../protocol/test-vectors-format.ts';
import { AUDIT_TIMES, IDS, RELEASED_CHECK_INS, VENUE, type TestKeyName } from './inputs.ts';
import type { Signatures } from './signatures.ts';
import { type KeyOf, agree, encoded } from './support.ts';

const ENTRIES: readonly { signer: TestKeyName; actor: AuditActor; body: AuditBody }[] = [
  {
    signer: 'employeeSigning',
    actor: { type: 'employee', id: IDS.employeeId },
    body: {
      officeId: IDS.officeId,
      kind: 'request_sent',
      caseId: IDS.caseId,
      venueId: IDS.venueId,
      requestId: IDS.requestId,
      detail: formatAuditDetail({ kind: 'request_sent', venue: VENUE.name }),
      at: AUDIT_TIMES[0],
    },
  },
  {
    signer: 'venueSigning',
    actor: { type: 'venue', id: IDS.venueId },
    body: {
      officeId: IDS.officeId,
      kind: 'request_approved',
      caseId: IDS.caseId,
      venueId: IDS.venueId,
      requestId: IDS.requestId,
      detail: releasedDetail(RELEASED_CHECK_INS),
      at: AUDIT_TIMES[1],
    },
  },
];

async function hashOf(hex: string): Promise<string> {
  return toBase64Url(await sha256(fromHex(hex)));
}

export async function buildAuditLog(keyOf: KeyOf, signatures: Signatures): Promise<TestVectors['auditLog']> {
  const genesis = encoded('luca-next/v1/audit-genesis', [IDS.officeId]);
  const genesisValue = await genesisHash(IDS.officeId);
  agree(genesisValue === (await hashOf(genesis.encodedHex)), 'the genesis hash');

  const chained: ChainedAuditEntry[] = [];
  const entries: TestVectors['auditLog']['entries'] = [];
  for (const { signer, actor, body } of ENTRIES) {
    const fresh = await signAuditEntry(keyOf(signer).privateKey, actor, body);
    const fields = [
      fresh.officeId,
      fresh.kind,
      fresh.caseId,
      fresh.venueId,
      fresh.requestId,
      fresh.detail,
      String(fresh.at),
      fresh.actor.type,
      fresh.actor.id,
    ];
    const signed = await signatures.keep(signer, 'luca-next/v1/audit-entry', fields, fresh.signature);
    const head = chained.at(-1);
    const entry = await linkAuditEntry({ ...fresh, signature: signed.signature }, head);
    const chainInput = encoded('luca-next/v1/audit-chain', [entry.prevHash, String(entry.seq), ...fields, entry.signature]);
    agree(entry.hash === (await hashOf(chainInput.encodedHex)), `the hash of audit entry ${entry.seq}`);
    chained.push(entry);
    entries.push({ signed, chainInput, entry });
  }
  const keys = new Map(ENTRIES.map(({ signer, actor }) => [actor.id, keyOf(signer).publicRaw]));
  const check = await verifyAuditChain(IDS.officeId, chained, (actor) => keys.get(actor.id));
  agree(check.intact, 'the audit chain');
  return { officeId: IDS.officeId, genesis: { input: genesis, hash: genesisValue }, entries };
}
