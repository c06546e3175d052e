/**
 * Looks for secret values where none may be: infra/ and cloudbuild.yaml hold
 * names of secrets only (versions are added to Secret Manager out of band).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEV_SECRET_KEY } from '../stack/monolith.ts';

export interface Finding {
  file: string;
  line: number;
  rule: string;
}

// The local stack's secrets: tools/stack/monolith.ts (Django key, webhook secret) and tools/stack/postgres.ts (password).
const DEV_SECRETS = [DEV_SECRET_KEY, 'whsec-local-dev', 'canopy-local'];

const RULES: { rule: string; test: (line: string) => boolean }[] = [
  { rule: 'a private key', test: (line) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(line) },
  { rule: 'a password assignment', test: (line) => /\bpassw(or)?d\s*[=:]\s*["']?[^\s"'$<{]/i.test(line) },
  { rule: 'a token or key assignment', test: (line) => /\b(token|secret|api_?key|access_?key)\s*[=:]\s*["'][^"'$<{]{8,}["']/i.test(line) },
  // <placeholders> are documentation, not credentials.
  { rule: 'credentials in a URL', test: (line) => /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@<]+:(?!<)[^\s/@]+@/i.test(line) },
  { rule: 'a Google API key', test: (line) => /AIza[0-9A-Za-z_-]{35}/.test(line) },
  { rule: 'a long hex string', test: (line) => /(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f])/i.test(line) },
  {
    rule: 'a long base64 string',
    test: (line) => (line.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? []).some((s) => /[0-9]/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)),
  },
  { rule: 'a local development secret', test: (line) => DEV_SECRETS.some((secret) => line.includes(secret)) },
];

/** Every line of text that matches a rule. */
export function scanText(text: string, file: string): Finding[] {
  return text.split('\n').flatMap((line, index) =>
    RULES.filter(({ test }) => test(line)).map(({ rule }) => ({ file, line: index + 1, rule })),
  );
}

/** Scans files and folders (recursively, skipping .terraform), naming files relative to base. */
export function scanPaths(paths: string[], base: string): Finding[] {
  return paths.flatMap((path) => {
    if (statSync(path).isDirectory()) {
      return readdirSync(path)
        .filter((name) => name !== '.terraform')
        .flatMap((name) => scanPaths([join(path, name)], base));
    }
    return scanText(readFileSync(path, 'utf8'), relative(base, path));
  });
}
