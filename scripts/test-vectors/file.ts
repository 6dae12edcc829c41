/** Where docs/test-vectors.json lives, how it is read back, and its exact text. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as v from 'valibot';
import { type TestVectors, TestVectorsSchema } from '../../protocol/test-vectors-format.ts';

export const TEST_VECTORS_FILE = resolve(import.meta.dirname, '../../docs/test-vectors.json');

/** The file as it stands, or nothing if it is missing or not of the current layout (then every object is signed anew). */
export function readTestVectors(path: string): TestVectors | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = v.safeParse(TestVectorsSchema, JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) console.warn(`${path} is not of the current layout: every object is signed anew`);
  return parsed.success ? parsed.output : undefined;
}

/** Two-space JSON with a final newline, keys in the order the builders wrote them. */
export function serialiseTestVectors(vectors: TestVectors): string {
  return `${JSON.stringify(vectors, null, 2)}\n`;
}
