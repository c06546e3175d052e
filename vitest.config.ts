import { defineConfig } from 'vitest/config';
import { COMMITTED_SETTINGS_EXPORT, loadSettingsExport } from './tools/settings-export.ts';

// Unit tests read the monolith's settings as a bundle does (shared/django/monolith-settings.ts): embedded,
// the committed export, whatever the caller's CANOPY_SETTINGS_EXPORT. Suites with a test world read the
// export of the monolith their run starts (CANOPY_SETTINGS_EXPORT, set by the global setup), as its bundles do.
const define = { __CANOPY_SETTINGS__: JSON.stringify(loadSettingsExport(COMMITTED_SETTINGS_EXPORT)), __CANOPY_SETTINGS_EMBEDDED__: 'true' };

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        define,
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'functions/**/*.test.ts', 'relay/**/*.test.ts', 'tools/**/*.test.ts', 'infra/**/*.test.ts'],
          // Live Django/DRF oracles and real hashing outlast 5 s on a busy machine (a bound on a hang, not a timing assertion).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/reliability/**', 'test/guards/**', 'test/monolith/**'],
          // One real PostgreSQL, the seeded template database and the built bundles for the run.
          globalSetup: ['test/support/global-setup.ts'],
          // Suites start real PostgreSQL databases, gunicorn and function processes.
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Faults (a restarted PostgreSQL, killed processes) must not hit other suites' runs.
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 600_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'guards',
          // The test commands and suites themselves: each test runs vitest again, on planted tests or planted functions.
          include: ['test/guards/**/*.test.ts'],
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 900_000,
        },
      },
    ],
  },
});
