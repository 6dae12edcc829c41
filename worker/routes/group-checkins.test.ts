/**
 * Trust model 17 as a D1 reader sees it: a group check-in (protocol/party.ts) is one row whose
 * every column has the length a guest alone gives, as long as both are in the same size bucket
 * (PROTOCOL.md "Check-in", Groups). The reader reads the table itself, not the API.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Companion } from '../../protocol/party.ts';
import { freshClient } from '../test/fuzz.ts';
import { request } from '../test/http.ts';
import { type World, countCheckIns, createWorld, sealFor } from '../test/world.ts';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

/** Everyday companions, as the guest app's "Personen" list or a booking for four holds them. */
const family: Companion[] = [
  { firstName: 'Maximilian', lastName: 'Mustermann' },
  { firstName: 'Charlotte', lastName: 'Mustermann' },
  { firstName: 'Jonas', lastName: 'Becker', phone: '+49 170 1234567' },
];

async function store(companions?: readonly Companion[]) {
  const { checkoutSecret: _kept, ...body } = await sealFor(world, world.venue, Date.now(), companions);
  const response = await request('POST', '/api/checkins', { body, client: freshClient() });
  expect(response.status).toBe(201);
  return body.id;
}

/** What a D1 reader sees of a row: every column's value, measured. */
async function rowAsSeen(id: string): Promise<Record<string, number | string | null>> {
  const row = await env.DB.prepare('SELECT * FROM checkins WHERE id = ?').bind(id).first<Record<string, number | string | null>>();
  if (!row) throw new Error(`no row ${id}`);
  return row;
}

function lengths(row: Record<string, number | string | null>): Record<string, number> {
  return Object.fromEntries(Object.entries(row).map(([column, value]) => [column, value === null ? -1 : String(value).length]));
}

describe('group check-ins as a D1 reader sees them', () => {
  it('stores a guest alone and a family of four as one row each, every column of the same length', async () => {
    const before = await countCheckIns();
    const alone = await rowAsSeen(await store());
    const four = await rowAsSeen(await store(family));
    expect(await countCheckIns()).toBe(before + 2);
    expect(Object.keys(four).sort()).toEqual(Object.keys(alone).sort());
    // The arrival bucket and day are the same five minutes; the ids and hashes are random of fixed length.
    expect(lengths(four)).toEqual(lengths(alone));
    expect(JSON.stringify(four)).not.toMatch(/Maximilian|Mustermann|\+49/);
  });

  it('accepts the largest honest group, in a larger bucket, within the check-in body limit', async () => {
    const long = 'Ä'.repeat(80);
    const nine: Companion[] = Array.from({ length: 9 }, () => ({
      firstName: long,
      lastName: long,
      phone: '+49 170 1234567',
      address: { street: 'Ö'.repeat(120), houseNumber: '12a', postcode: '50672', city: 'Ü'.repeat(80), country: 'DE' },
    }));
    const row = await rowAsSeen(await store(nine));
    expect(String(row.ciphertext).length).toBeGreaterThan(String((await rowAsSeen(await store())).ciphertext).length);
  });
});
