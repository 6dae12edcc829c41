/**
 * The health offices a guest can share with: directory entries whose certificate verifies under
 * the pinned root (trust model 3: an office the server made up is left out), and the search the
 * share screen offers over them.
 */
import { type VerifiedOffice, verifyOfficeCertificate } from '../../protocol/hierarchy.ts';
import { type VerifiedRevocationState, verifyRevocationState } from '../../protocol/revocation.ts';
import type { OfficeDirectoryEntry } from '../../protocol/schemas.ts';
import { officeCertificateMemory } from '../../client/office-certificate-memory.ts';
import { revocationMemory } from '../../client/revocation-memory.ts';

export interface OfficeChoice {
  entry: OfficeDirectoryEntry;
  office: VerifiedOffice;
  /**
   * The office's revocation state, verified (trust model 18): what verifyEmployeeActive needs
   * before an employee's signature (a warning) counts. Undefined if the office has none yet.
   */
  revocation: VerifiedRevocationState | undefined;
}

/** What the directory remembers per office: the highest revocation serial seen (client/revocation-memory.ts). */
export type RevocationMemory = Pick<typeof revocationMemory, 'highest' | 'remember'>;
/** And the newest office certificate seen, so that one from before a key rotation is refused (client/office-certificate-memory.ts). */
export type CertificateMemory = Pick<typeof officeCertificateMemory, 'check' | 'remember'>;

/**
 * The entries whose certificate verifies under `root` at `now` and whose revocation state, if
 * served, verifies under that office's key and is not older than one this device has seen, and
 * whose certificate is not older than one this device accepted for the office (an office that
 * rotated its identity key: the old key may be a removed admin's); any other entry is left out (a
 * forged or rolled-back state or certificate means the server is not honest about that office).
 */
export async function verifiedOffices(
  entries: readonly OfficeDirectoryEntry[],
  root: Uint8Array<ArrayBuffer>,
  now: number,
  memory: RevocationMemory = revocationMemory,
  certificates: CertificateMemory = officeCertificateMemory,
): Promise<OfficeChoice[]> {
  const verified = await Promise.all(
    entries.map(async (entry) => {
      try {
        certificates.check(entry.certificate);
        const office = await verifyOfficeCertificate(root, entry.certificate, now);
        certificates.remember(entry.certificate);
        const revocation = entry.revocation
          ? await verifyRevocationState(office.signingKey, office.officeId, entry.revocation, now, memory.highest(office.officeId))
          : undefined;
        if (revocation) memory.remember(office.officeId, revocation.serial);
        return { entry, office, revocation };
      } catch {
        return undefined;
      }
    }),
  );
  return verified.filter((choice): choice is OfficeChoice => choice !== undefined);
}

/** Name or postcode, as a person types it; an office serving the guest's postcode comes first. */
export function searchOffices(choices: readonly OfficeChoice[], query: string, homePostcode?: string): OfficeChoice[] {
  const needle = query.trim().toLowerCase();
  const servesHome = (choice: OfficeChoice) => Number(homePostcode !== undefined && choice.office.postcodes.includes(homePostcode));
  return choices
    .filter(
      ({ office }) =>
        needle === '' || office.name.toLowerCase().includes(needle) || office.postcodes.some((postcode) => postcode.startsWith(needle)),
    )
    .sort((a, b) => servesHome(b) - servesHome(a) || a.office.name.localeCompare(b.office.name));
}
