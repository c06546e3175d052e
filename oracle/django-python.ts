import { spawnSync } from 'node:child_process';

// Debian's interpreter is the one with Django 3.2 installed; the pyenv python3 on PATH has none.
const PYTHON = '/usr/bin/python3';

/** SECRET_KEY the oracle uses unless a call passes another. */
export const TEST_SECRET_KEY = 'canopy-test-secret-ÿ-key';

/** The monolith's settings.PASSWORD_HASHERS, in its order. */
export const PASSWORD_HASHERS = [
  'django.contrib.auth.hashers.PBKDF2PasswordHasher',
  'django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher',
  'django.contrib.auth.hashers.Argon2PasswordHasher',
  'django.contrib.auth.hashers.BCryptSHA256PasswordHasher',
  'django.contrib.auth.hashers.BCryptPasswordHasher',
  'django.contrib.auth.hashers.SHA1PasswordHasher',
  'django.contrib.auth.hashers.MD5PasswordHasher',
  'django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher',
  'django.contrib.auth.hashers.UnsaltedMD5PasswordHasher',
];

// Everything variable reaches Python as JSON on stdin; the snippet only ever sees INPUT.
const PRELUDE = `
import json, sys
_payload = json.loads(sys.stdin.buffer.read().decode('utf-8'))
import django
from django.conf import settings
settings.configure(
    SECRET_KEY=_payload['secret_key'],
    PASSWORD_HASHERS=_payload['password_hashers'],
    INSTALLED_APPS=['django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions'],
    USE_TZ=True,
    **_payload['settings'],
)
django.setup()
INPUT = _payload['input']
`;

/** Options for one oracle call. */
export interface DjangoRunOptions {
  secretKey?: string;
  /** Extra settings.configure() keyword arguments. */
  settings?: Record<string, unknown>;
  /** PYTHONPATH of another Django than the system's 3.2 (tools/stack/django-versions.ts ensureDjango). */
  pythonPath?: string;
}

/** Strips the indentation common to all non-blank lines, so snippets can be indented in TS source. */
function dedent(code: string): string {
  const lines = code.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

/**
 * Runs `snippet` under real Django 3.2 (configured like the monolith) with `input` bound to INPUT,
 * and returns the JSON the snippet prints on stdout.
 */
export function runDjango<T = unknown>(snippet: string, input: unknown = null, options: DjangoRunOptions = {}): T {
  const payload = {
    input,
    secret_key: options.secretKey ?? TEST_SECRET_KEY,
    password_hashers: PASSWORD_HASHERS,
    settings: options.settings ?? {},
  };
  const run = spawnSync(PYTHON, ['-c', PRELUDE + dedent(snippet)], {
    input: JSON.stringify(payload),
    encoding: 'utf8',
    env: options.pythonPath ? { ...process.env, PYTHONPATH: options.pythonPath } : process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`Django snippet failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** The PYTHONPATH of a Django version (undefined for the system's 3.2), for `pythonPath`. */
export { ensureDjango as djangoPythonPath } from '../tools/stack/django-versions.ts';
