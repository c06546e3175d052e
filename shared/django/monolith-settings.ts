import type { SettingsExport } from './settings-export.ts';

/**
 * What the monolith decides, as `manage.py canopy_export` wrote it: embedded by
 * the build (tools/build.ts, from CANOPY_SETTINGS_EXPORT or the committed
 * infra/monolith-settings.json) and by vitest's define for unbundled tests.
 * The one place code reads the monolith's settings and versions from.
 */
declare const __CANOPY_SETTINGS__: SettingsExport | undefined;
if (typeof __CANOPY_SETTINGS__ === 'undefined') throw new Error('no monolith settings export embedded: build with tools/build.ts (npm run build), or run under vitest');

export const monolithSettings: SettingsExport = __CANOPY_SETTINGS__;

/** `have.haveMinor` is at least `major.minor`. */
function atLeast([have, haveMinor]: readonly [number, number], major: number, minor: number): boolean {
  return have > major || (have === major && haveMinor >= minor);
}

/** The monolith runs Django `major.minor` or later (`settings`: another export, for tests of both versions). */
export const djangoAtLeast = (major: number, minor: number, settings: SettingsExport = monolithSettings): boolean =>
  atLeast([settings.django.version_info[0], settings.django.version_info[1]], major, minor);

/** The monolith runs Django REST framework `major.minor` or later. */
export const drfAtLeast = (major: number, minor: number, settings: SettingsExport = monolithSettings): boolean =>
  atLeast(settings.rest_framework.version.split('.').map(Number) as [number, number], major, minor);

/**
 * Django 3.1 and 3.2 still accept what Django before 3.1 made (DEFAULT_HASHING_ALGORITHM's transition):
 * SHA-1 signatures, the pre-3.1 session format and SHA-1 session auth hashes. Django 4.0 removed all three.
 */
export const acceptsPre31Formats = (settings: SettingsExport = monolithSettings): boolean => !djangoAtLeast(4, 0, settings);

/**
 * Django's own HTML pages (the default 400/404/500 views, the CSRF failure page) as 5.2 renders them:
 * `text/html; charset=utf-8`, and the CSRF page's newer template. Seen on 5.2 and not on 3.2; the
 * release in between that changed them is not checked against a live Django.
 */
export const modernHtmlPages = (settings: SettingsExport = monolithSettings): boolean => djangoAtLeast(5, 0, settings);
