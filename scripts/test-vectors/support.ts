/** What the builders of docs/test-vectors.json share: their keys by name, and field encodings as the file shows them. */
import { encodeFields } from '../../protocol/bytes.ts';
import type { LoadedTestKey } from '../../protocol/test-vectors-keys.ts';
import { type EncodedFields, toHex } from '../../protocol/test-vectors-format.ts';
import type { TestKeyName } from './inputs.ts';

export type KeyOf = (name: TestKeyName) => LoadedTestKey;

export function encoded(label: string, fields: readonly string[]): EncodedFields {
  return { label, fields: [...fields], encodedHex: toHex(encodeFields(label, ...fields)) };
}

/**
 * The script states each value twice, through the protocol code and as PROTOCOL.md spells it
 * out, and refuses to write a file where the two disagree.
 */
export function agree(condition: boolean, what: string): void {
  if (!condition) throw new Error(`test vectors: the code and PROTOCOL.md disagree about ${what}`);
}
