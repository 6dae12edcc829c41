/**
 * Writes docs/test-vectors.json (PROTOCOL.md "Test vectors"): `npx tsx scripts/make-test-vectors.ts`.
 * Every value comes from the fixed inputs in scripts/test-vectors/inputs.ts, so a second run
 * writes the same bytes; the file's ECDSA signatures are kept while they sign the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { buildTestVectors } from './test-vectors/build.ts';
import { TEST_VECTORS_FILE, readTestVectors, serialiseTestVectors } from './test-vectors/file.ts';

const text = serialiseTestVectors(await buildTestVectors(readTestVectors(TEST_VECTORS_FILE)));
writeFileSync(TEST_VECTORS_FILE, text);
console.log(`${TEST_VECTORS_FILE} written (${text.length} characters)`);
