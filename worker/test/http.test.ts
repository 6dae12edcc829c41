/**
 * The contract check every Worker test request goes through must itself be able to fail: an
 * answer of the wrong shape or status, an undeclared refusal and a 500 are caught.
 */
import { describe, expect, it } from 'vitest';
import { expectContract } from './http.ts';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('expectContract', () => {
  it('accepts what the route declares', async () => {
    await expectContract('GET', '/api/health', json(200, { status: 'ok', database: 'ok' }));
    await expectContract(
      'GET',
      '/api/offices/AAAAAAAAAAAAAAAAAAAAAA',
      json(404, { error: { code: 'unknown_office', message: 'no such office' } }),
    );
    await expectContract(
      'GET',
      '/api/venues/AAAAAAAAAAAAAAAAAAAAAA',
      json(400, { error: { code: 'invalid_input', message: 'venueId: bad', field: 'venueId' } }),
    );
  });

  it('catches an answer outside the schema, a wrong status, an undeclared refusal and a 500', async () => {
    await expect(expectContract('GET', '/api/health', json(200, { status: 'ok' }))).rejects.toThrow(/response schema/);
    await expect(expectContract('POST', '/api/transfers', json(200, { expiresAt: 1 }))).rejects.toThrow(/expected 200 to be 201/);
    await expect(
      expectContract('GET', '/api/offices/AAAAAAAAAAAAAAAAAAAAAA', json(404, { error: { code: 'unknown_venue', message: 'x' } })),
    ).rejects.toThrow(/does not declare/);
    await expect(expectContract('GET', '/api/offices/AAAAAAAAAAAAAAAAAAAAAA', json(404, 'Not Found'))).rejects.toThrow(
      /not the error envelope/,
    );
    await expect(expectContract('GET', '/api/health', json(500, { error: { code: 'internal', message: 'x' } }))).rejects.toThrow(
      /the Worker failed/,
    );
  });

  it("takes a retried upload answered with the route's retry status, and no other status", async () => {
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    await expectContract('POST', '/api/checkins', json(201, { id }));
    await expectContract('POST', '/api/checkins', json(200, { id, duplicate: true }));
    await expect(expectContract('POST', '/api/checkins', json(202, { id }))).rejects.toThrow(/expected 202 to be 201/);
  });

  it('tells a venue by code from a venue by id (the more specific route wins)', async () => {
    await expect(expectContract('GET', '/api/venues/by-code/ABCDEFGH', json(200, { card: 'x', allowedOrigins: [] }))).rejects.toThrow(
      /venues\/by-code/,
    );
  });
});
