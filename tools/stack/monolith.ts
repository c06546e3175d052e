import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { selectedMonolithConfig, type MonolithConfig } from './monolith-config.ts';
import { startProcess, waitForHttp, type Service } from './processes.ts';

const run = promisify(execFile);
export const MONOLITH_DIR = fileURLToPath(new URL('../../test/monolith', import.meta.url));

/** What the reference monolith needs, in Debian's package names. */
export const DJANGO_PACKAGES = 'python3-django python3-djangorestframework gunicorn python3-psycopg2 python3-argon2 python3-bcrypt python3-requests';

/** The local stack's Django secret (the monolith and the functions must share it). */
export const DEV_SECRET_KEY = 'canopy-local-dev-secret-key-not-for-production';

/** The local stack's payment webhook key (the monolith and the payments-webhook function must share it). */
export const DEV_WEBHOOK_SECRET = 'whsec-local-dev';

export interface MonolithEnv {
  databaseUrl: string;
  secretKey: string;
  dispatchUrl: string;
  webhookSecret?: string;
  /** A Django other than the system's, from ensureDjango() (tools/stack/django-versions.ts). */
  pythonPath?: string;
  /** The monolith's configuration (tools/stack/monolith-config.ts); CANOPY_MONOLITH_CONFIG's when not given. */
  config?: MonolithConfig;
  /** More environment (DJANGO_SETTINGS_MODULE and a PYTHONPATH, say: the monolith configured otherwise). */
  more?: Record<string, string>;
}

/**
 * Finds a python3 that can import Django, DRF, psycopg2 and gunicorn: Debian's
 * own first (a pyenv or virtualenv python3 earlier on PATH usually lacks them).
 */
export async function findDjangoPython(pythonPath?: string): Promise<string | null> {
  const candidates = [process.env.DJANGO_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean) as string[];
  for (const python of candidates) {
    try {
      await run(python, ['-c', 'import django, rest_framework, psycopg2, gunicorn, argon2, bcrypt, requests'], { env: withPythonPath(process.env, pythonPath) });
      return python;
    } catch {
      // try the next one
    }
  }
  return null;
}

// In front of any PYTHONPATH already set (a module of the caller's, say a settings module), which stays importable.
function withPythonPath(env: NodeJS.ProcessEnv, pythonPath: string | undefined): NodeJS.ProcessEnv {
  return pythonPath ? { ...env, PYTHONPATH: [pythonPath, env.PYTHONPATH].filter(Boolean).join(':') } : env;
}

function environment(env: MonolithEnv): NodeJS.ProcessEnv {
  return {
    ...withPythonPath({ ...process.env, ...env.more }, env.pythonPath),
    DATABASE_URL: env.databaseUrl,
    SECRET_KEY: env.secretKey,
    DISPATCH_URL: env.dispatchUrl,
    PAYMENTS_WEBHOOK_SECRET: env.webhookSecret ?? DEV_WEBHOOK_SECRET,
    DJANGO_DEBUG: '',
    CANOPY_MONOLITH_CONFIG: env.config ?? selectedMonolithConfig(),
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

/** Runs a manage.py command; throws with its output when it fails. */
export async function manage(python: string, env: MonolithEnv, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(python, ['manage.py', ...args], { cwd: MONOLITH_DIR, env: environment(env), maxBuffer: 64 << 20 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`manage.py ${args.join(' ')} failed:\n${e.stderr || e.stdout || e.message}`);
  }
}

/** Starts the monolith under gunicorn (sync workers, as in production) and waits until it answers. */
export async function startMonolith(
  python: string,
  env: MonolithEnv,
  options: { port: number; workers?: number; echo?: boolean },
): Promise<Service> {
  const url = `http://127.0.0.1:${options.port}`;
  const proc = startProcess('monolith', python, ['-m', 'gunicorn', '-c', 'gunicorn.conf.py', 'monolith.wsgi'], {
    cwd: MONOLITH_DIR,
    env: { ...environment(env), PORT: String(options.port), WEB_CONCURRENCY: String(options.workers ?? 2) },
    echo: options.echo,
  });
  await waitForHttp(`${url}/api/auth/session/`, proc.child, proc.output).catch((error: Error) => {
    throw new Error(`the monolith (gunicorn) ${error.message}`);
  });
  return { name: 'monolith', url, ...proc };
}
