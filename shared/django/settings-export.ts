import * as z from 'zod/mini';

/**
 * The file `manage.py canopy_export` writes (django/canopy_export): what the
 * monolith decides for the migrated routes, as its running Django and DRF
 * report it. Strict objects: a field the exporter adds, or one a team adds
 * by hand, must be taught here before the functions read it.
 */
const nullableString = z.nullable(z.string());
const sameSite = z.union([z.enum(['Lax', 'Strict', 'None']), z.literal(false), z.null()]);
const classPath = z.string().check(z.regex(/^[A-Za-z_][\w.]*$/, 'must be a dotted import path'));
const nonNegativeInt = z.number().check(z.int(), z.nonnegative());

const hasher = z.strictObject({
  path: classPath,
  algorithm: z.string().check(z.minLength(1)),
  iterations: z.optional(nonNegativeInt),
  time_cost: z.optional(nonNegativeInt),
  memory_cost: z.optional(nonNegativeInt),
  parallelism: z.optional(nonNegativeInt),
  rounds: z.optional(nonNegativeInt),
  work_factor: z.optional(nonNegativeInt),
  block_size: z.optional(nonNegativeInt),
  maxmem: z.optional(nonNegativeInt),
  salt_entropy: z.optional(nonNegativeInt),
  digest: z.optional(nullableString),
});

/** The default pagination class's attributes (PageNumberPagination or a subclass changing only these). */
const pagination = z.strictObject({
  path: classPath,
  page_size: z.nullable(nonNegativeInt),
  page_query_param: z.string().check(z.minLength(1)),
  page_size_query_param: nullableString,
  max_page_size: z.nullable(nonNegativeInt),
  last_page_strings: z.array(z.string()),
  invalid_page_message: z.string(),
});

export const settingsExportSchema = z.strictObject({
  format: z.literal(1),
  django: z.strictObject({ version: z.string(), version_info: z.tuple([nonNegativeInt, nonNegativeInt, nonNegativeInt, z.string(), nonNegativeInt]) }),
  rest_framework: z.strictObject({ version: z.string() }),
  settings: z.strictObject({
    SESSION_ENGINE: classPath,
    SESSION_SERIALIZER: classPath,
    SESSION_COOKIE_NAME: z.string().check(z.minLength(1)),
    SESSION_COOKIE_AGE: nonNegativeInt,
    SESSION_COOKIE_DOMAIN: nullableString,
    SESSION_COOKIE_PATH: z.string(),
    SESSION_COOKIE_SECURE: z.boolean(),
    SESSION_COOKIE_HTTPONLY: z.boolean(),
    SESSION_COOKIE_SAMESITE: sameSite,
    SESSION_EXPIRE_AT_BROWSER_CLOSE: z.boolean(),
    SESSION_SAVE_EVERY_REQUEST: z.boolean(),
    CSRF_COOKIE_NAME: z.string().check(z.minLength(1)),
    CSRF_COOKIE_AGE: z.nullable(nonNegativeInt),
    CSRF_COOKIE_DOMAIN: nullableString,
    CSRF_COOKIE_PATH: z.string(),
    CSRF_COOKIE_SECURE: z.boolean(),
    CSRF_COOKIE_HTTPONLY: z.boolean(),
    CSRF_COOKIE_SAMESITE: sameSite,
    CSRF_HEADER_NAME: z.string().check(z.minLength(1)),
    CSRF_TRUSTED_ORIGINS: z.array(z.string()),
    CSRF_USE_SESSIONS: z.boolean(),
    CSRF_FAILURE_VIEW: classPath,
    CSRF_COOKIE_MASKED: z.optional(z.boolean()),
    ALLOWED_HOSTS: z.array(z.string()),
    USE_X_FORWARDED_HOST: z.boolean(),
    DEBUG: z.boolean(),
    APPEND_SLASH: z.boolean(),
    USE_TZ: z.boolean(),
    TIME_ZONE: nullableString,
    SECURE_PROXY_SSL_HEADER: z.nullable(z.tuple([z.string(), z.string()])),
    DATA_UPLOAD_MAX_MEMORY_SIZE: z.nullable(nonNegativeInt),
    DATA_UPLOAD_MAX_NUMBER_FIELDS: z.nullable(nonNegativeInt),
    MIDDLEWARE: z.array(classPath),
    AUTH_USER_MODEL: z.string(),
  }),
  password_hashers: z.array(hasher).check(z.minLength(1)),
  user_model: z.strictObject({ label: z.string(), db_table: z.string(), username_field: z.string() }),
  rest_framework_settings: z.strictObject({
    DEFAULT_AUTHENTICATION_CLASSES: z.array(classPath),
    DEFAULT_PERMISSION_CLASSES: z.array(classPath),
    DEFAULT_RENDERER_CLASSES: z.array(classPath),
    DEFAULT_PARSER_CLASSES: z.array(classPath),
    DEFAULT_PAGINATION_CLASS: z.nullable(classPath),
    PAGE_SIZE: z.nullable(nonNegativeInt),
    DEFAULT_THROTTLE_CLASSES: z.array(classPath),
    DEFAULT_THROTTLE_RATES: z.record(z.string(), nullableString),
    DEFAULT_VERSIONING_CLASS: z.nullable(classPath),
    EXCEPTION_HANDLER: classPath,
    NON_FIELD_ERRORS_KEY: z.string(),
    DATETIME_FORMAT: nullableString,
    DATETIME_INPUT_FORMATS: z.array(z.string()),
    DATE_FORMAT: nullableString,
    DATE_INPUT_FORMATS: z.array(z.string()),
    TIME_FORMAT: nullableString,
    TIME_INPUT_FORMATS: z.array(z.string()),
    COERCE_DECIMAL_TO_STRING: z.boolean(),
    UNICODE_JSON: z.boolean(),
    COMPACT_JSON: z.boolean(),
    STRICT_JSON: z.boolean(),
    URL_FORMAT_OVERRIDE: nullableString,
    UNAUTHENTICATED_USER: z.nullable(classPath),
    UNAUTHENTICATED_TOKEN: z.nullable(classPath),
  }),
  pagination: z.nullable(pagination),
});

export type SettingsExport = z.output<typeof settingsExportSchema>;

/** Parses an export; a problem becomes one line naming the field. */
export function parseSettingsExport(text: string): SettingsExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the settings export is not JSON (${(error as Error).message}): export it again with manage.py canopy_export`);
  }
  const parsed = z.safeParse(settingsExportSchema, json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // zod/mini carries no English messages: say what kind of problem it is.
    const what = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : `${issue.code}${issue.message === 'Invalid input' ? '' : ` (${issue.message})`}`;
    throw new Error(`the settings export is not valid at ${issue.path.join('.') || 'its top level'}: ${what}; export it again with manage.py canopy_export`);
  }
  return parsed.data;
}
