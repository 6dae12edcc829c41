/**
 * ECDSA signatures are randomized, so a fresh run of the script would sign anew and change the
 * file. Instead it keeps the signature the file already holds for the same key and the same signed
 * bytes (it still verifies), and takes the code's fresh one only for bytes signed for the first
 * time. Either way it first checks that the code signed exactly the bytes the file shows.
 * "Still verifies" is protocol/ecdsa.ts's verification, low-s rule included: a signature kept
 * from a file written before that rule, whose s happens to be high, is replaced by a fresh one.
 */
import { fromBase64Url } from '../../protocol/bytes.ts';
import { verifyEcdsa } from '../../protocol/ecdsa.ts';
import type { LoadedTestKey } from '../../protocol/test-vectors-keys.ts';
import { type Signed, type TestVectors, fromHex } from '../../protocol/test-vectors-format.ts';
import type { TestKeyName } from './inputs.ts';
import { agree, encoded } from './support.ts';

function signedBlocks(file: TestVectors): Signed[] {
  const { certificates } = file;
  return [
    file.venue.signed,
    file.kiosk.signed,
    ...file.auditLog.entries.map((entry) => entry.signed),
    certificates.office.signed,
    certificates.dailyKey.signed,
    certificates.employee.signed,
    certificates.dataRequest.signed,
    certificates.revocation.signed,
    certificates.rotation.signed,
    certificates.rotation.certificateSigned,
    file.warningFeed.signed,
  ];
}

export class Signatures {
  /** `<public key>|<signing input hex>` → the signature the previous file holds. */
  private readonly previous = new Map<string, string>();

  constructor(
    private readonly keyOf: (name: TestKeyName) => LoadedTestKey,
    previousFile: TestVectors | undefined,
  ) {
    if (!previousFile) return;
    for (const block of signedBlocks(previousFile)) {
      const signer = previousFile.keys[block.signer];
      if (signer) this.previous.set(`${signer.publicKey}|${block.signingInputHex}`, block.signature);
    }
  }

  /** The file's record of a signature the code just made (`fresh`) over `label` and `fields`. */
  async keep(signer: TestKeyName, label: string, fields: readonly string[], fresh: string): Promise<Signed> {
    const key = this.keyOf(signer);
    const input = encoded(label, fields);
    agree(await this.verifies(key, fresh, input.encodedHex), `the signed bytes of ${label}`);
    const kept = this.previous.get(`${key.entry.publicKey}|${input.encodedHex}`);
    const signature = kept !== undefined && (await this.verifies(key, kept, input.encodedHex)) ? kept : fresh;
    return { signer, label, fields: input.fields, signingInputHex: input.encodedHex, signature };
  }

  private async verifies(key: LoadedTestKey, signature: string, inputHex: string): Promise<boolean> {
    return verifyEcdsa(key.publicKey, fromBase64Url(signature), fromHex(inputHex));
  }
}
