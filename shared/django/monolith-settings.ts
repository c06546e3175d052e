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
