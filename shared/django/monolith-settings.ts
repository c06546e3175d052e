import type { SettingsExport } from './settings-export.ts';
import { readSettingsExport } from './settings-file.ts';

/**
 * What the monolith decides, as `manage.py canopy_export` wrote it: embedded by the build
 * (tools/build.ts, from CANOPY_SETTINGS_EXPORT or the committed infra/monolith-settings.json) and
 * by vitest's define for unit tests; unbundled code elsewhere (tools, integration tests) reads the
 * same file. The one place code reads the monolith's settings and versions from.
 */
declare const __CANOPY_SETTINGS__: SettingsExport;
declare const __CANOPY_SETTINGS_EMBEDDED__: boolean | undefined;

// The build defines both; esbuild folds the test, so a bundle carries no file reading. Unbundled, the
// file is read on first use, so a tool that never needs it (the build, reading another export) never does.
export const monolithSettings: SettingsExport = typeof __CANOPY_SETTINGS_EMBEDDED__ !== 'undefined' ? __CANOPY_SETTINGS__ : readOnFirstUse();

function readOnFirstUse(): SettingsExport {
  let read: SettingsExport | undefined;
  return new Proxy({} as SettingsExport, { get: (_, key) => (read ??= readSettingsExport())[key as keyof SettingsExport] });
}

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

/** The Content-Type of Django's own HTML pages (its error views, the CSRF failure page): charset added by 5.x. */
export const djangoPageContentType = (): string => (modernHtmlPages() ? 'text/html; charset=utf-8' : 'text/html');

/** CommonMiddleware's APPEND_SLASH redirect comes from process_response (Django 4.2+), not process_request. */
export const slashRedirectInResponse = (settings: SettingsExport = monolithSettings): boolean => djangoAtLeast(4, 2, settings);

/**
 * A SuspiciousOperation (a 400 page) is logged to AdminEmailHandler, whose report reads request.user
 * (so the session: Vary: Cookie). Django 5.x returns early when ADMINS is empty (the reference
 * monolith's; ADMINS is not exported). Seen on 5.2, not on 3.2.
 */
export const suspiciousReportReadsUser = (settings: SettingsExport = monolithSettings): boolean => !djangoAtLeast(5, 0, settings);
