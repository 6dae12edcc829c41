/**
 * Migration 0014 (group check-ins): a contact's status becomes per check-in and person. A row an
 * office stored before stays, as the status of the one who checked in (person 0), and the same
 * check-in can then hold a status per companion.
 */
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newId } from '../../protocol/ids.ts';
import { createWorld } from '../test/world.ts';

const MIGRATION = '0014_companion_contact_status.sql';

describe('migration 0014: contact status per person', () => {
  it('keeps every status stored before as person 0 and takes companions beside it', async () => {
    const world = await createWorld();
    const caseId = newId();
    const checkInId = newId();
    await env.DB.prepare(
      "INSERT INTO cases (id, office_id, reference, visits, status, created_by, created_at) VALUES (?, ?, 'GA-1', '[]', 'open', ?, ?)",
    )
      .bind(caseId, world.office.certificate.officeId, newId(), Date.now())
      .run();
    // The table as it was before 0014 (0005_office.sql), holding a status an office stored then.
    expect(env.TEST_MIGRATIONS.some((migration) => migration.name === MIGRATION)).toBe(true);
    await env.DB.batch([
      env.DB.prepare('DROP TABLE case_contacts'),
      env.DB.prepare(
        'CREATE TABLE `case_contacts` (`case_id` text NOT NULL, `checkin_id` text NOT NULL, `status` text NOT NULL, `updated_at` integer NOT NULL, PRIMARY KEY(`case_id`, `checkin_id`), FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`))',
      ),
      env.DB.prepare("INSERT INTO case_contacts VALUES (?, ?, 'reached', 1700000000000)").bind(caseId, checkInId),
      env.DB.prepare('DELETE FROM d1_migrations WHERE name = ?').bind(MIGRATION),
    ]);

    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

    const rows = await env.DB.prepare('SELECT case_id, checkin_id, person, status, updated_at FROM case_contacts').all();
    expect(rows.results).toEqual([{ case_id: caseId, checkin_id: checkInId, person: 0, status: 'reached', updated_at: 1700000000000 }]);
    await env.DB.prepare("INSERT INTO case_contacts (case_id, checkin_id, person, status, updated_at) VALUES (?, ?, 1, 'to_call', 1)")
      .bind(caseId, checkInId)
      .run();
    // One status per check-in and person: a second row for person 0 is refused.
    await expect(
      env.DB.prepare("INSERT INTO case_contacts (case_id, checkin_id, status, updated_at) VALUES (?, ?, 'to_call', 2)")
        .bind(caseId, checkInId)
        .run(),
    ).rejects.toThrow(/UNIQUE|PRIMARY/i);
  });
});
