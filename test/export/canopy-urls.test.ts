/**
 * `manage.py canopy_urls` (django/canopy_export), on every Django the
 * reference monolith runs on: for each migrated path, the pattern and view
 * Django's own resolve() gives, and only the classes the view sets itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { migratedPaths } from '../../tools/drift/paths.ts';
import { referenceManage } from '../../tools/drift/reference.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { DJANGO_VERSIONS } from '../../tools/stack/django-versions.ts';

const paths = migratedPaths(loadManifest());

// Django and DRF asked directly: the match of each path, and each DRF view class attribute with its setting's value.
const LIVE = `
import json
from django.urls import resolve
from rest_framework.settings import api_settings
def path_of(c):
    return None if c is None else c.__module__ + '.' + c.__qualname__
out = {}
for p in ${JSON.stringify(paths)}:
    m = resolve(p)
    view = getattr(m.func, 'cls', None) or m.func
    own = {}
    for attr, setting in [('authentication_classes', 'DEFAULT_AUTHENTICATION_CLASSES'), ('permission_classes', 'DEFAULT_PERMISSION_CLASSES'), ('parser_classes', 'DEFAULT_PARSER_CLASSES')]:
        mine, default = [path_of(c) for c in getattr(view, attr)], [path_of(c) for c in getattr(api_settings, setting)]
        if mine != default:
            own[attr] = mine
    out[p] = {'route': m.route, 'url_name': m.view_name, 'view': path_of(view), 'actions': getattr(m.func, 'actions', None), 'own': own,
              'serializer_class': path_of(getattr(view, 'serializer_class', None))}
print(json.dumps(out))`;

for (const version of DJANGO_VERSIONS) {
  it(`manage.py canopy_urls on Django ${version} lists each migrated path's pattern and view as resolve() gives them, with the view's own classes only`, async () => {
    const manage = await referenceManage(version);
    const text = await manage('canopy_urls', ...paths);
    const listed = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const live = JSON.parse(await manage('shell', '--verbosity', '0', '-c', LIVE)) as Record<string, { own: Record<string, string[]>; serializer_class: string | null } & Record<string, unknown>>;
    expect(Object.keys(listed)).toEqual(paths);
    for (const path of paths) {
      const { own, serializer_class, ...match } = live[path]!;
      expect(listed[path], path).toMatchObject(match);
      for (const attr of ['authentication_classes', 'permission_classes', 'parser_classes']) expect(listed[path]![attr], `${path} ${attr}`).toEqual(own[attr]);
      if (serializer_class) expect(listed[path]!.serializer_class, path).toBe(serializer_class);
    }
    const dir = mkdtempSync(join(tmpdir(), 'canopy-urls-'));
    try {
      expect(await manage('canopy_urls', ...paths, '--output', join(dir, 'urls.json'))).toBe('');
      expect(readFileSync(join(dir, 'urls.json'), 'utf8')).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it(`manage.py canopy_urls on Django ${version} refuses a path nothing resolves, in one line, and writes nothing`, async () => {
    const manage = await referenceManage(version);
    const failed = await manage('canopy_urls', '/api/users/me/', '/api/nowhere/').then(() => '', (error: Error) => error.message);
    expect(failed).toContain('/api/nowhere/ resolves to no view: check the path, or the monolith\'s urls.py.');
    expect(failed).toContain('1 path(s) resolve to no view (above); nothing written.');
    expect(failed).not.toContain('/api/users/me/ resolves');
  }, 180_000);
}
