import { readFileSync } from 'node:fs';
import { openSql } from '../../shared/db.ts';
import { expect, inject, it } from 'vitest';
import { SNAPSHOT_PATH, snapshotFromMigrations } from '../../tools/schema-snapshot.ts';
import { DEV_SECRET_KEY, manage } from '../../tools/stack/monolith.ts';
import { createDatabase } from '../../tools/stack/postgres.ts';

const urlFor = (dbname: string) => {
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${dbname}`;
  return url.toString();
};

it('the checked-in schema snapshot equals what the monolith\'s Django migrations produce (else run npm run schema:snapshot)', async () => {
  const fromMigrations = await snapshotFromMigrations(inject('pgAdminUrl'), urlFor, inject('djangoPython'));
  expect(fromMigrations).toBe(readFileSync(SNAPSHOT_PATH, 'utf8'));
});

it('the snapshot builds a database Django considers fully migrated', async () => {
  const name = `canopy_snapshot_${process.pid}`;
  await createDatabase(inject('pgAdminUrl'), name);
  const sql = openSql(urlFor(name), { max: 1 });
  try {
    await sql.unsafe(readFileSync(SNAPSHOT_PATH, 'utf8'));
    const env = { databaseUrl: urlFor(name), secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9' };
    const plan = await manage(inject('djangoPython'), env, 'migrate', '--plan');
    expect(plan).toContain('No planned migration operations.');
  } finally {
    await sql.end();
  }
});
