import { unmirroredHashers } from '../shared/django/hashers/configured.ts';
import type { SettingsExport } from '../shared/django/settings-export.ts';
import { readSettingsExport, SettingsExportError, settingsExportPath } from '../shared/django/settings-file.ts';

export { COMMITTED_SETTINGS_EXPORT, SettingsExportError, settingsExportPath } from '../shared/django/settings-file.ts';

/**
 * The settings export a build embeds (shared/django/monolith-settings.ts reads it at run time),
 * validated, and refused in one line when it asks what the functions cannot do.
 */
export function loadSettingsExport(path: string = settingsExportPath()): SettingsExport {
  const exported = readSettingsExport(path);
  const refused = unhonoured(exported);
  if (refused.length) throw new SettingsExportError(`${path}: ${refused.join('; ')}`);
  return exported;
}

/** Intl (Node's full ICU) has the zone: the functions take its offsets from there. */
function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// The middleware whose effects the functions always apply on their routes.
const APPLIED_MIDDLEWARE = [
  'django.middleware.security.SecurityMiddleware',
  'django.contrib.sessions.middleware.SessionMiddleware',
  'django.middleware.common.CommonMiddleware',
  'django.middleware.csrf.CsrfViewMiddleware',
  'django.contrib.auth.middleware.AuthenticationMiddleware',
  'django.middleware.clickjacking.XFrameOptionsMiddleware',
];

/**
 * What the export asks that the functions cannot do, one line each: canopy_export refuses what no
 * function could mirror; this also refuses what these functions do not (yet) follow.
 */
export function unhonoured({ settings, rest_framework_settings: drf, password_hashers }: SettingsExport): string[] {
  const refused = unmirroredHashers(password_hashers);
  const keep = 'or keep the routes that depend on it in Django';
  if (settings.SESSION_ENGINE !== 'django.contrib.sessions.backends.db') refused.push(`SESSION_ENGINE is ${settings.SESSION_ENGINE}: the functions keep sessions in the django_session table; use django.contrib.sessions.backends.db`);
  if (settings.SESSION_SERIALIZER !== 'django.contrib.sessions.serializers.JSONSerializer') refused.push(`SESSION_SERIALIZER is ${settings.SESSION_SERIALIZER}: the functions read and write sessions as JSON; use django.contrib.sessions.serializers.JSONSerializer`);
  if (!settings.USE_TZ) refused.push(`USE_TZ is False: the functions read and write aware datetimes only; use USE_TZ = True, ${keep}`);
  else if (!knownTimeZone(settings.TIME_ZONE ?? 'UTC')) refused.push(`TIME_ZONE is ${settings.TIME_ZONE}, which Node's time zone data does not know: use an IANA zone name, ${keep}`);
  const missing = APPLIED_MIDDLEWARE.filter((m) => !settings.MIDDLEWARE.includes(m));
  if (missing.length) refused.push(`MIDDLEWARE lacks ${missing.join(', ')}, which the functions always apply: add it, ${keep}`);
  if (drf.DEFAULT_PAGINATION_CLASS === null || drf.PAGE_SIZE === null) refused.push(`REST_FRAMEWORK has no DEFAULT_PAGINATION_CLASS or PAGE_SIZE: the functions' list views paginate with PageNumberPagination; set both, ${keep}`);
  for (const name of ['DATETIME_FORMAT', 'DATE_FORMAT', 'TIME_FORMAT'] as const) {
    if (drf[name] !== 'iso-8601') refused.push(`REST_FRAMEWORK ${name} is ${drf[name]}: the functions write ISO 8601 only; use 'iso-8601', ${keep}`);
  }
  for (const name of ['DATETIME_INPUT_FORMATS', 'DATE_INPUT_FORMATS', 'TIME_INPUT_FORMATS'] as const) {
    if (drf[name].length !== 1 || drf[name][0] !== 'iso-8601') refused.push(`REST_FRAMEWORK ${name} is ${JSON.stringify(drf[name])}: the functions read ISO 8601 only; use ['iso-8601'], ${keep}`);
  }
  for (const name of ['COERCE_DECIMAL_TO_STRING', 'UNICODE_JSON', 'COMPACT_JSON', 'STRICT_JSON'] as const) {
    if (!drf[name]) refused.push(`REST_FRAMEWORK ${name} is False: the functions render JSON as DRF's defaults do; set it to True, ${keep}`);
  }
  if (drf.URL_FORMAT_OVERRIDE !== 'format') refused.push(`REST_FRAMEWORK URL_FORMAT_OVERRIDE is ${drf.URL_FORMAT_OVERRIDE}: the functions read ?format=; use 'format', ${keep}`);
  return refused;
}
