import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { withDatabase } from './postgres.ts';

describe('withDatabase', () => {
  it.each([
    ['postgres://u:p@127.0.0.1:5432/canopy', 'postgres://u:p@127.0.0.1:5432/canopy_x'],
    ['postgres://u:p@/canopy?host=/cloudsql/p:europe-west1:i', 'postgres://u:p@/canopy_x?host=/cloudsql/p:europe-west1:i'],
    ['postgresql://u@db.example?sslmode=verify-full&sslrootcert=system', 'postgresql://u@db.example/canopy_x?sslmode=verify-full&sslrootcert=system'],
  ])('%s names another database, all else kept', (url, expected) => {
    expect(withDatabase(url, 'canopy_x')).toBe(expected);
    expect(parseDatabaseUrl(expected).database).toBe('canopy_x');
  });
});
