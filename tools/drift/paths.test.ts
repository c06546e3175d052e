import { describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest.ts';
import { migratedPaths } from './paths.ts';

describe('migratedPaths', () => {
  it('asks the monolith about every migrated path it has a view for, once each', () => {
    const paths = migratedPaths(loadManifest());
    expect(paths).toContain('/api/orders/1/');
    expect(paths).toContain('/api/users/me/');
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('leaves out the routes beyond Django (the order stream): the monolith has no view to drift', () => {
    expect(migratedPaths(loadManifest())).not.toContain('/api/orders/1/events/');
  });
});
