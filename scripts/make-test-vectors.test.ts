/**
 * docs/test-vectors.json is exactly what scripts/make-test-vectors.ts writes from its fixed inputs
 * and the current code: a change of an encoding (or of the inputs) without a regenerated file
 * fails here, and so does a generator that is no longer deterministic.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTestVectors } from './test-vectors/build.ts';
import { TEST_VECTORS_FILE, readTestVectors, serialiseTestVectors } from './test-vectors/file.ts';

describe('scripts/make-test-vectors.ts', () => {
  it('writes the file as it stands', async () => {
    const previous = readTestVectors(TEST_VECTORS_FILE);
    expect(previous).toBeDefined();
    expect(serialiseTestVectors(await buildTestVectors(previous))).toBe(readFileSync(TEST_VECTORS_FILE, 'utf8'));
  });
});
