/**
 * The health offices a guest can share with: directory entries whose certificate verifies under
 * the pinned root (trust model 3: an office the server made up is left out), and the search the
 * share screen offers over them.
 */
import { type VerifiedOffice, verifyOfficeCertificate } from '../../protocol/hierarchy.ts';
import type { OfficeDirectoryEntry } from '../../protocol/schemas.ts';

export interface OfficeChoice {
  entry: OfficeDirectoryEntry;
  office: VerifiedOffice;
}

/** The entries whose certificate verifies under `root` at `now`; any other entry is left out. */
export async function verifiedOffices(
  entries: readonly OfficeDirectoryEntry[],
  root: Uint8Array<ArrayBuffer>,
  now: number,
): Promise<OfficeChoice[]> {
  const verified = await Promise.all(
    entries.map(async (entry) => {
      try {
        return { entry, office: await verifyOfficeCertificate(root, entry.certificate, now) };
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
