/**
 * Every bench scenario starts from the database as it was kept after seeding,
 * whatever the scenarios before it wrote (tools/bench/environment.ts).
 */
import { afterAll, expect, inject, it } from 'vitest';
import { openSql } from '../../shared/db.ts';
import { cleanUp } from '../../tools/bench/cleanup.ts';
import { BENCH_DB_NAME, keepStartingDatabase, startFromKeptDatabase } from '../../tools/bench/environment.ts';
import { createDatabase, withDatabase } from '../../tools/stack/postgres.ts';

const adminUrl = inject('pgAdminUrl');

afterAll(cleanUp); // drops the kept database, as the bench does at its end

// One statement (or several) on the bench database, on a connection of its own: the copy needs none left open.
async function onBenchDatabase(statements: string): Promise<Array<Record<string, unknown>>> {
  const sql = openSql(withDatabase(adminUrl, BENCH_DB_NAME), { max: 1 });
  try {
    return await sql.unsafe(statements);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const notes = async () => (await onBenchDatabase('select note from notes order by note')).map((r) => r.note);

it('puts back the kept database after a scenario wrote to it, as often as asked', async () => {
  await createDatabase(adminUrl, BENCH_DB_NAME);
  await onBenchDatabase(`create table notes (note text); insert into notes values ('seeded')`);
  await keepStartingDatabase(adminUrl);

  await onBenchDatabase(`insert into notes values ('placed an order'); delete from notes where note = 'seeded'`);
  expect(await notes()).toEqual(['placed an order']);
  await startFromKeptDatabase(adminUrl);
  expect(await notes()).toEqual(['seeded']);

  await onBenchDatabase(`insert into notes values ('logged in')`);
  await startFromKeptDatabase(adminUrl);
  expect(await notes()).toEqual(['seeded']);
});
