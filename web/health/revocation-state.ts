/**
 * The office's revocation state as the office app holds it (protocol/revocation.ts, trust model
 * 18): the state the server serves with the keyring, verified under the office identity key the
 * pinned root certified and not below the highest serial this device has seen. A state that fails
 * is not used: an admin's browser then signs a new one, and colleagues are not sealed keys on its word.
 */
import { ProtocolError } from '../../protocol/bytes.ts';
import { type OfficeCertificate, verifyOfficeCertificate } from '../../protocol/hierarchy.ts';
import { precedes } from '../../protocol/office-rotation.ts';
import { type RevocationState, type VerifiedRevocationState, verifyRevocationState } from '../../protocol/revocation.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { revocationMemory } from '../../client/revocation-memory.ts';

export interface ServedRevocation {
  /** The verified state, if the server served one that checks out. */
  state: VerifiedRevocationState | undefined;
  /** Why a served state was not used (a rollback or a forgery: the server is not honest). */
  refused: ProtocolError | undefined;
  /**
   * The served state is the previous identity key's: the rotation waits for an admin's browser to
   * complete it (office-rotation.ts). Nothing is signed on top of it but by that completion.
   */
  awaitingRotation?: true;
}

export async function verifyServedRevocation(
  certificate: OfficeCertificate | null,
  served: RevocationState | null,
  nowMs: number,
  previousCertificates: readonly OfficeCertificate[] = [],
): Promise<ServedRevocation> {
  if (!certificate || !served) return { state: undefined, refused: undefined };
  // Right after an identity key rotation, until an admin's browser signs the state anew, the served
  // one is the previous key's: not used, but not a sign of a dishonest server either.
  const previous = previousCertificates.at(-1);
  if (previous && precedes(previous, certificate)) {
    const old = await verifyOfficeCertificate(PINNED_ROOT_PUBLIC_KEY, previous, previous.notBefore).catch(() => undefined);
    const underOld = old
      ? await verifyRevocationState(
          old.signingKey,
          certificate.officeId,
          served,
          nowMs,
          revocationMemory.highest(certificate.officeId),
        ).catch(() => undefined)
      : undefined;
    if (underOld) return { state: undefined, refused: undefined, awaitingRotation: true };
  }
  try {
    // As of its own first moment, like the keyring: an expired office still reads its state.
    const office = await verifyOfficeCertificate(PINNED_ROOT_PUBLIC_KEY, certificate, certificate.notBefore);
    const state = await verifyRevocationState(
      office.signingKey,
      certificate.officeId,
      served,
      nowMs,
      revocationMemory.highest(certificate.officeId),
    );
    revocationMemory.remember(state.officeId, state.serial);
    return { state, refused: undefined };
  } catch (error) {
    return { state: undefined, refused: error instanceof ProtocolError ? error : new ProtocolError('bad_payload', String(error)) };
  }
}
