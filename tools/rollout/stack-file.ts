import { existsSync, readFileSync } from 'node:fs';
import type postgres from 'postgres';
import { openSql } from '../../shared/db.ts';
import { z } from 'zod';
import { TOOL_POOLS } from '../db-pools.ts';
import { assertReachable } from '../stack/postgres.ts';
import { STACK_FILE } from '../stack/state.ts';

const stackFile = z.object({
  loadBalancer: z.string(),
  monolith: z.string().nullable(),
  functions: z.record(z.string(), z.string()),
  database: z.string(),
});

/** The local stack as .canopy/stack.json describes it. */
export type StackFile = z.infer<typeof stackFile>;

/** The stack file, or null when there is none (it may describe a stack that has stopped since). */
export function readStackFile(path = STACK_FILE): StackFile | null {
  if (!existsSync(path)) return null;
  const parsed = stackFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/** DATABASE_URL, else the local stack's database; throws one line saying what to do when there is neither. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL ?? readStackFile()?.database;
  if (!url) throw new Error('no database to read: start the local stack (npm start) or set DATABASE_URL');
  return url;
}

/** A connection pool (the tool's size in the connection budget) to a database that answers; throws one line naming it when it does not. */
export async function openDatabase(url: string, poolSize: number = TOOL_POOLS.rollout): Promise<postgres.Sql> {
  await assertReachable(url).catch((error: Error) => {
    throw new Error(`${error.message} (is the local stack running? npm start)`);
  });
  return openSql(url, { max: poolSize });
}
