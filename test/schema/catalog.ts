import { openSql } from '../../shared/db.ts';

/**
 * What a migrated database's public schema is made of, as PostgreSQL's catalog
 * describes it, with one thing abstracted: how an id column gets its next value
 * (a serial column's `DEFAULT nextval(...)` or an identity column), reported
 * apart in `generated`. Django 4.1 moved auto fields from serial to identity
 * columns; both hand out the same ids from the same sequence.
 */
export interface SchemaDescription {
  columns: string[];
  constraints: string[];
  indexes: string[];
  sequences: string[];
  /** `table.column: serial` or `table.column: identity`. */
  generated: string[];
  /** `app.name` of every applied migration. */
  migrations: string[];
  /** `codename: name` of every permission. */
  permissions: string[];
}

export async function describeSchema(databaseUrl: string): Promise<SchemaDescription> {
  const sql = openSql(databaseUrl, { max: 1 });
  try {
    const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }[]>`
      select table_name, column_name, data_type, is_nullable, column_default, is_identity
      from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`;
    const isSerial = (c: { column_default: string | null }) => c.column_default?.startsWith('nextval(') ?? false;
    const constraints = await sql<{ line: string }[]>`
      select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) as line
      from pg_constraint where connamespace = 'public'::regnamespace order by 1`;
    const indexes = await sql<{ line: string }[]>`select indexdef as line from pg_indexes where schemaname = 'public' order by indexname`;
    const sequences = await sql<{ line: string }[]>`
      select sequencename || ' ' || data_type || ' start ' || start_value || ' by ' || increment_by as line
      from pg_sequences where schemaname = 'public' order by sequencename`;
    const migrations = await sql<{ line: string }[]>`select app || '.' || name as line from django_migrations order by app, name`;
    const permissions = await sql<{ line: string }[]>`select codename || ': ' || name as line from auth_permission order by codename`;
    return {
      columns: columns.map((c) => `${c.table_name}.${c.column_name} ${c.data_type} ${c.is_nullable === 'YES' ? 'null' : 'not null'}${isSerial(c) || !c.column_default ? '' : ` default ${c.column_default}`}`),
      constraints: constraints.map((r) => r.line),
      indexes: indexes.map((r) => r.line),
      sequences: sequences.map((r) => r.line),
      generated: columns
        .filter((c) => isSerial(c) || c.is_identity === 'YES')
        .map((c) => `${c.table_name}.${c.column_name}: ${isSerial(c) ? 'serial' : 'identity'}`),
      migrations: migrations.map((r) => r.line),
      permissions: permissions.map((r) => r.line),
    };
  } finally {
    await sql.end();
  }
}
