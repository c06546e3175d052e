/**
 * Compares two OpenAPI documents of the same routes, Canopy's (3.1) and the
 * one DRF's `manage.py generateschema` makes (3.0), as flat facts: which
 * operations exist; each path and query parameter (required, type); the
 * success status; the request's media types and each writable field (type,
 * format, choices, limits, nullability, required); each response field
 * (type, format, choices, limits, nullability). A fact that differs is a difference, to be
 * listed with its reason in deliberate-differences.ts or fixed.
 */

type Schema = Record<string, unknown>;
type Doc = { paths: Record<string, Record<string, Schema>>; components?: { schemas?: Record<string, Schema> } };

/** One fact on which the two documents disagree; `null` where a side does not state it. */
export interface Difference {
  key: string;
  drf: string | null;
  canopy: string | null;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// The validators map_field states: lengths, bounds and a decimal's step.
const LIMITS = ['maxLength', 'minLength', 'maximum', 'minimum', 'multipleOf'] as const;

/** Resolves a local $ref (and a 3.1 `oneOf: [X, {type: null}]`, which is X made nullable). */
function deref(doc: Doc, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (typeof schema.$ref === 'string') return deref(doc, doc.components?.schemas?.[schema.$ref.split('/').pop()!]);
  const options = schema.oneOf as Schema[] | undefined;
  if (options?.length === 2 && options.some((o) => o.type === 'null')) return { ...deref(doc, options.find((o) => o.type !== 'null')), nullable: true };
  return schema;
}

/** A field's wire description: type(format) [choices] nullable, from either dialect. */
function describe(schema: Schema): { type: string; nullable: boolean } {
  const types = (Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]) as string[];
  const nullable = schema.nullable === true || types.includes('null');
  const type = types.filter((t) => t !== 'null').join('|') || 'any';
  const format = typeof schema.format === 'string' ? `(${schema.format})` : '';
  const choices = Array.isArray(schema.enum) ? ` [${(schema.enum as unknown[]).filter((v) => v !== null).join(', ')}]` : '';
  const limits = LIMITS.filter((limit) => typeof schema[limit] === 'number').map((limit) => `${limit} ${schema[limit]}`);
  return { type: `${type}${format}${choices}${limits.length ? ` {${limits.join(', ')}}` : ''}`, nullable };
}

/** Facts about a body: its type, then each field's (nested objects flattened as a.b); `writable` leaves read-only fields out. */
function bodyFacts(doc: Doc, prefix: string, raw: Schema | undefined, facts: Map<string, string>, { writable = false, requiredToo = false } = {}): void {
  if (raw === undefined) return void facts.set(prefix, 'no body');
  const schema = deref(doc, raw);
  const { type, nullable } = describe(schema);
  facts.set(prefix, `${type}${nullable ? ' nullable' : ''}`);
  if (type === 'array') return bodyFacts(doc, `${prefix}[]`, schema.items as Schema, facts);
  if (type !== 'object' || schema.properties === undefined) return;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const [name, property] of Object.entries(schema.properties as Record<string, Schema>)) {
    const field = deref(doc, property);
    if (writable && field.readOnly === true) continue;
    const described = describe(field);
    const flags = [described.nullable && 'nullable', requiredToo && required.has(name) && 'required'].filter(Boolean);
    const key = `${prefix}.${name}`;
    if (described.type === 'object' && field.properties) bodyFacts(doc, key, field, facts, { writable, requiredToo });
    if (described.type === 'array') bodyFacts(doc, `${key}[]`, field.items as Schema, facts, { writable, requiredToo });
    facts.set(key, [described.type, ...flags].join(' '));
  }
}

/** The document's facts for the given operations ("GET /api/orders/"), or for all of them. */
export function facts(doc: Doc, only?: Set<string>): Map<string, string> {
  const result = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const op = `${method.toUpperCase()} ${path}`;
      if (only && !only.has(op)) continue;
      const operation = item[method]!;
      result.set(op, 'documented');
      for (const param of (operation.parameters as Schema[] | undefined) ?? []) {
        if (param.in !== 'path' && param.in !== 'query') continue;
        result.set(`${op} ${param.in}.${param.name}`, `${describe(deref(doc, param.schema as Schema)).type}${param.required ? ' required' : ''}`);
      }
      const responses = (operation.responses ?? {}) as Record<string, Schema>;
      const success = Object.keys(responses).filter((s) => s.startsWith('2'));
      result.set(`${op} success`, success.join(', '));
      for (const status of success) {
        const content = responses[status]!.content as Record<string, Schema> | undefined;
        bodyFacts(doc, `${op} response ${status}`, content?.['application/json']?.schema as Schema | undefined, result);
      }
      const request = (operation.requestBody as Schema | undefined)?.content as Record<string, Schema> | undefined;
      if (request) {
        result.set(`${op} request media types`, Object.keys(request).sort().join(', '));
        bodyFacts(doc, `${op} request`, request['application/json']?.schema as Schema | undefined, result, { writable: true, requiredToo: true });
      }
    }
  }
  return result;
}

/** Every fact of the two sides that differs, in a stable order. */
export function compareDocuments(drf: Doc, canopy: Doc): Difference[] {
  const ours = facts(canopy);
  // DRF documents the whole monolith: only the operations Canopy serves are compared.
  const operations = new Set([...ours.keys()].filter((key) => ours.get(key) === 'documented'));
  const theirs = facts(drf, operations);
  const keys = [...new Set([...theirs.keys(), ...ours.keys()])].sort();
  const differing = keys.filter((key) => theirs.get(key) !== ours.get(key));
  // A body whose type differs differs in all its fields too: only the body is reported.
  const root = (key: string) => !differing.some((other) => other !== key && (key.startsWith(`${other}.`) || key.startsWith(`${other}[]`)));
  return differing.filter(root).map((key) => ({ key, drf: theirs.get(key) ?? null, canopy: ours.get(key) ?? null }));
}
