import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYERS, layerViolations } from './rules.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the dependency rule', () => {
  it('holds on the tree: no import points up a layer, none leaves shared/, no function imports another', async () => {
    expect(await layerViolations(['shared', 'functions', 'relay', 'oracle'], ROOT)).toEqual([]);
  });

  it('names the layers lowest first, as DESIGN and README describe them', () => {
    expect(LAYERS.map((layer) => layer.name)).toEqual(['python', 'base', 'django', 'http', 'auth', 'drf', 'domain', 'pipeline', 'modes', 'function', 'functions']);
  });

  describe('on a planted tree', () => {
    const planted = mkdtempSync(join(tmpdir(), 'canopy-layers-'));
    afterAll(() => rmSync(planted, { recursive: true, force: true }));
    const plant = (files: Record<string, string>) => {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(planted, path)), { recursive: true });
        writeFileSync(join(planted, path), `${text}\nexport const here = 1;\n`);
      }
    };
    plant({
      'shared/python/str.ts': "import { here } from '../drf/parsers.ts'; void here;",
      'shared/http/context.ts': "import type { here } from '../pipeline/handler.ts'; export type T = typeof here;",
      'shared/db.ts': "import { here } from '../test/support/world.ts'; void here;",
      'shared/django/crypto.ts': "import { here } from '../../oracle/django-python.ts'; void here;",
      'shared/django/crypto.test.ts': "import { here } from '../../oracle/django-python.ts'; void here;",
      'shared/drf/parsers.ts': "import { here } from '../python/str.ts'; void here;",
      'shared/pipeline/handler.ts': "import { here } from '../http/context.ts'; void here;",
      'shared/function.ts': "import { here } from './pipeline/handler.ts'; void here;",
      'functions/orders/index.ts': "import { here } from './views.ts'; import { here as f } from '../../shared/function.ts'; void here, f;",
      'functions/orders/views.ts': "import { here } from '../users/views.ts'; void here;",
      'functions/users/views.ts': "import { here } from '../../tools/manifest.ts'; void here;",
      'tools/manifest.ts': '',
      'test/support/world.ts': '',
      'oracle/django-python.ts': '',
    });

    it('reports each planted import, and only those', async () => {
      expect((await layerViolations(['shared', 'functions', 'oracle'], planted)).sort()).toEqual([
        'functions-stand-alone: functions/orders/views.ts -> functions/users/views.ts',
        'functions-stand-alone: functions/users/views.ts -> tools/manifest.ts',
        'http-points-down: shared/http/context.ts -> shared/pipeline/handler.ts',
        'oracles-only-in-tests: shared/django/crypto.ts -> oracle/django-python.ts',
        'python-points-down: shared/python/str.ts -> shared/drf/parsers.ts',
        'shared-stays-shared: shared/db.ts -> test/support/world.ts',
      ]);
    });
  });
});
