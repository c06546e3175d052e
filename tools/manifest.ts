import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ruleErrors } from '../shared/parity/rules.ts';

/** The routes manifest: the one source of truth for what is migrated and how far. */
export const MANIFEST_PATH = fileURLToPath(new URL('../infra/routes.json', import.meta.url));

const functionName = z.string().regex(/^[a-z][a-z0-9-]{2,40}$/, 'lower-case letters, digits and dashes, 3-41 characters');

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name such as SECRET_KEY');

/** Table privileges a function's database role may be granted (tools/db-roles.ts). */
export const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

// Django's tables bare (schema public), Canopy's own qualified: canopy.<table>.
const tableName = z.string().regex(/^(canopy\.)?[a-z_][a-z0-9_]*$/, 'a table such as auth_user (Django\'s, schema public) or canopy.outbox');

const topicName = z.string().regex(/^[a-z][a-z0-9-]{2,200}$/, 'a Pub/Sub topic name: lower-case letters, digits and dashes');

const functionSpec = z.strictObject({
  memory: z.string().regex(/^\d+(Mi|Gi)$/, 'a Cloud Run memory size such as 256Mi'),
  cpu: z.number().positive(),
  concurrency: z.number().int().min(1).max(1000),
  maxInstances: z.number().int().min(1),
  dbPoolSize: z.number().int().min(1),
  /**
   * Cloud Run billing: "request" (CPU only while a request is in flight, plus a
   * fee per request) or "instance" (CPU always allocated, billed for the whole
   * instance lifetime at a lower rate, no request fee). See billingOf.
   */
  billing: z.enum(['request', 'instance'], {
    error: 'must be "request" (CPU only while a request is in flight, a fee per request) or "instance" (CPU always on, no request fee)',
  }),
  /**
   * The function serves long-lived streams (Server-Sent Events): each ends after lifetimeSeconds
   * and the client reconnects. Infra sets STREAM_LIFETIME_MS from it, the service's request
   * timeout 60 s above it, and counts the one LISTEN connection each instance holds beside its pool.
   */
  stream: z.strictObject({ lifetimeSeconds: z.number().int().min(10).max(3540, 'at most 3540: Cloud Run ends a request after 3600 s, and the timeout is 60 s above the lifetime') }).optional(),
  /** Secrets the function reads, beyond its own DATABASE_URL: only these reach its service. */
  secrets: z.array(envName.refine((name) => name !== 'DATABASE_URL', 'DATABASE_URL is every function\'s own (its role\'s URL): leave it out of secrets'))
    .refine((names) => new Set(names).size === names.length, 'secrets must not repeat a name'),
  /**
   * Plain settings the function refuses to start without, each with what it is: the operator gives
   * their values (Terraform's function_env, whose plan fails without them; the local stack's own).
   */
  env: z.record(envName, z.string().min(1, 'say what the setting is, e.g. "the dispatch partner\'s base URL"')).default({}),
  /** The Pub/Sub topics pushed to this function (a push consumer: no route points at it). */
  topics: z.array(topicName).default([]),
  /** The tables the function's database role may touch, with what (db:migrate grants exactly these). */
  tables: z.record(tableName, z.array(z.enum(PRIVILEGES)).min(1)),
});

/** Where a function's code starts: always functions/<name>/index.ts. */
export const functionEntry = (name: string) => `functions/${name}/index.ts`;

// A URL map pathTemplateMatch: literal segments and {variables}, starting and ending with '/'.
const pathTemplate = z
  .string()
  .regex(/^\/(?:(?:[A-Za-z0-9._~-]+|\{[a-z_]+\})\/)*$/, 'a path template such as /api/users/{id}/ (literal segments or {name}, ending with /)');

const method = z.enum(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']);

const route = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    function: functionName,
    pathTemplate,
    methods: z.array(method).min(1),
    stage: z.enum(['shadow', 'canary', 'live', 'off']),
    /** Share of the route's traffic sent to the function, 0-1000 as the URL map's weightedBackendServices. */
    weight: z.number().int().min(0).max(1000),
    /** How shadow mode treats unsafe methods: a rolled-back dry run, or not shadowed at all. */
    shadowUnsafe: z.enum(['dry-run', 'skip']),
    /** The route takes credentials (a password): shadow recordings keep none of its request bodies. */
    credentials: z.literal(true).optional(),
    /** Parity rules for shadow mode (shared/parity/types.ts ParityRules). */
    parity: z
      .strictObject({
        ignore: z.array(z.string()).optional(),
        masks: z.array(z.strictObject({ path: z.string(), pattern: z.string() })).optional(),
        arrays: z
          .record(
            z.string(),
            z.union([
              z.enum(['ordered', 'unordered']),
              z.strictObject({ key: z.string() }),
              // Ordered by key, ties unordered: fixed sort fields, or those a request's ?ordering= asks for.
              z.strictObject({
                orderedBy: z.union([
                  z.array(z.string()).min(1),
                  z.strictObject({ param: z.string(), fields: z.array(z.string()).min(1), default: z.array(z.string()).min(1) }),
                ]),
                id: z.string(),
              }),
            ]),
          )
          .optional(),
      })
      .superRefine((rules, ctx) => {
        for (const message of ruleErrors(rules)) ctx.addIssue({ code: 'custom', message });
      }),
  })
  .superRefine((r, ctx) => {
    const expected = { shadow: [1000], live: [1000], off: [0] }[r.stage as 'shadow' | 'live' | 'off'];
    if (expected && !expected.includes(r.weight)) {
      ctx.addIssue({ code: 'custom', path: ['weight'], message: `stage ${r.stage} needs weight ${expected[0]}` });
    }
  });

export const manifestSchema = z
  .strictObject({
    functions: z.record(functionName, functionSpec),
    routes: z.array(route),
  })
  .superRefine((m, ctx) => {
    const ids = new Set<string>();
    m.routes.forEach((r, i) => {
      if (!(r.function in m.functions)) {
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'function'], message: `no function "${r.function}" in functions` });
      }
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'id'], message: `duplicate route id "${r.id}"` });
      ids.add(r.id);
    });
    // A topic has one push subscription, to one consumer, and a routed function is not reachable by pushes (ingress).
    const consumers = new Map<string, string>();
    for (const [name, spec] of Object.entries(m.functions)) {
      for (const topic of spec.topics) {
        const other = consumers.get(topic);
        if (other) ctx.addIssue({ code: 'custom', path: ['functions', name, 'topics'], message: `topic "${topic}" is already pushed to "${other}"` });
        consumers.set(topic, name);
      }
      if (spec.topics.length > 0 && m.routes.some((r) => r.function === name)) {
        ctx.addIssue({ code: 'custom', path: ['functions', name, 'topics'], message: 'a function with routes takes no pushes: give the topics to a function no route points at' });
      }
    }
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type Route = Manifest['routes'][number];
export type FunctionSpec = Manifest['functions'][string];

export type BillingMode = FunctionSpec['billing'];

/**
 * The billing mode a function is deployed with: its manifest field, except
 * that any route of it in shadow forces "instance". Shadow comparisons and
 * dry runs run after the answer is sent, and request-based billing throttles
 * the CPU then, so parity evidence would be starved. Terraform computes the
 * same (infra/main.tf, local.functions[*].billing).
 */
export function billingOf(manifest: Manifest, name: string): { mode: BillingMode; forcedBy: string | null } {
  const shadowed = manifest.routes.find((r) => r.function === name && r.stage === 'shadow');
  return shadowed ? { mode: 'instance', forcedBy: shadowed.id } : { mode: manifest.functions[name]!.billing, forcedBy: null };
}

/** Raised when the manifest is unreadable or invalid; the message names the field and the reason. */
export class ManifestError extends Error {}

/** Parses and validates manifest text; throws ManifestError naming the first bad field. */
export function parseManifest(text: string, source = MANIFEST_PATH): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ManifestError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Reads the manifest from disk. */
export function loadManifest(path = MANIFEST_PATH): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ManifestError(`${path}: cannot read the routes manifest`);
  }
  return parseManifest(text, path);
}

export { templateMatcher } from '../shared/routing.ts';
