/**
 * The OpenAPI 3.1 document of every migrated route, built from what serves
 * them: the routes manifest (paths and methods, as the load balancer routes
 * them), each function's URL patterns (the view a path resolves to, as a
 * request's does) and each view's own schema and serializers (fields as the
 * function validates them, bodies as it renders them). Nothing here is kept
 * by hand beside the code it describes.
 */
import type { OperationSchema, ResponseSchema, BodySchema } from '../../shared/drf/operation.ts';
import { DETAIL } from '../../shared/drf/operation.ts';
import type { AnyNamedSchema, JsonSchema } from '../../shared/drf/schema.ts';
import { COMPONENTS } from '../../shared/drf/schema.ts';
import type { Field } from '../../shared/drf/serializer-fields.ts';
import { isAuthenticated, type ApiView } from '../../shared/drf/view.ts';
import { resolve, type UrlPattern } from '../../shared/http/urls.ts';
import type { Manifest } from '../manifest.ts';

/** Each documented function's URL patterns, by function name. */
export type FunctionUrls = Record<string, ReadonlyArray<UrlPattern<ApiView>>>;

// DRF's DEFAULT_PARSER_CLASSES' media types, for a view that names none.
const DEFAULT_PARSES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
// DRF's schema (and so this one) leaves out what every view answers the same way.
const UNDOCUMENTED_METHODS = new Set(['HEAD', 'OPTIONS']);

type Operation = Record<string, unknown>;

/** Builds the document; one line naming the route or view when a route cannot be documented. */
export function buildDocument(manifest: Manifest, functions: FunctionUrls, version: string): Record<string, unknown> {
  const schemas = new Map<string, JsonSchema>();
  const name = (target: AnyNamedSchema): JsonSchema => {
    const known = schemas.get(target.name);
    if (known && known !== target.schema) throw new Error(`two different schemas are named ${target.name}`);
    schemas.set(target.name, target.schema);
    return { $ref: `${COMPONENTS}${target.name}` };
  };
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of manifest.routes) {
    const patterns = functions[route.function];
    if (!patterns) throw new Error(`route ${route.id}: function ${route.function} has no URL patterns in tools/openapi/functions.ts`);
    // A path of the template, as a request would have it: the view it resolves to is the one documented.
    const sample = route.pathTemplate.replace(/\{[a-z_]+\}/g, '1');
    const view = resolve(patterns, sample)?.view;
    if (!view) throw new Error(`route ${route.id}: ${sample} resolves to no view of function ${route.function}`);
    const item: Record<string, Operation> = {};
    for (const method of route.methods.filter((m) => !UNDOCUMENTED_METHODS.has(m))) {
      const handler = method.toLowerCase() as keyof NonNullable<ApiView['schema']>;
      const operation = view.schema?.[handler];
      if (!view.handlers[handler]) throw new Error(`route ${route.id}: view "${view.name}" has no ${method} handler`);
      if (!operation) throw new Error(`route ${route.id}: view "${view.name}" documents no ${method}: add schema.${handler} beside its handler`);
      item[handler] = documentOperation(`${route.id}.${handler}`, route.function, route.pathTemplate, view, operation, name);
    }
    paths[route.pathTemplate] = item;
  }
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Canopy: the migrated API',
      version,
      description:
        "The routes the functions serve in place of the Django monolith, answering as it does. Everything else under /api/ is the monolith's. " +
        'Clients authenticate with the session cookie (`sessionid`, plus CSRF on unsafe methods) or a DRF token (`Authorization: Token <key>`).',
    },
    paths,
    components: {
      schemas: Object.fromEntries(schemas),
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'sessionid' },
        token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'DRF TokenAuthentication: `Token <key>`.' },
      },
    },
  };
  assertReferencesResolve(document);
  return document;
}

function documentOperation(
  operationId: string,
  fn: string,
  template: string,
  view: ApiView,
  operation: OperationSchema,
  name: (target: AnyNamedSchema) => JsonSchema,
): Operation {
  const pathParams = [...template.matchAll(/\{([a-z_]+)\}/g)].map(([, param]) => ({ name: param, in: 'path', required: true, schema: { type: 'string' } }));
  const parameters = [...pathParams, ...queryParameters(operation), ...headerParameters(operation)];
  const needsUser = view.permissions.includes(isAuthenticated);
  const responses = responsesOf(view, operation, name);
  return {
    operationId,
    summary: operation.summary,
    ...(view.description || operation.description ? { description: [operation.description, view.description].filter(Boolean).join('\n\n') } : {}),
    tags: [fn],
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body ? { requestBody: requestBody(view, operation.body, name) } : {}),
    responses,
    security: view.noAuthenticators ? [] : needsUser ? [{ session: [] }, { token: [] }] : [{}, { session: [] }, { token: [] }],
  };
}

function queryParameters(operation: OperationSchema): object[] {
  const params: object[] = (operation.query ?? []).map((field) => ({ name: field.name, in: 'query', required: field.required, schema: field.schema }));
  if (operation.paginated) params.push({ name: 'page', in: 'query', required: false, description: 'A page number within the paginated result set.', schema: { type: 'integer' } });
  if (operation.ordering) {
    const { fields, default: byDefault } = operation.ordering;
    params.push({
      name: 'ordering',
      in: 'query',
      required: false,
      description: `Which field to use when ordering the results: ${fields.join(', ')} (\`-\` before one for descending; comma-separated for several). Default: ${byDefault.join(',')}.`,
      schema: { type: 'string' },
    });
  }
  return params;
}

const headerParameters = (operation: OperationSchema) =>
  Object.entries(operation.headers ?? {}).map(([header, { description, required = false }]) => ({ name: header, in: 'header', required, description, schema: { type: 'string' } }));

/** A serializer's fields as an object schema: what it accepts, and which fields it requires. */
function fieldsSchema(fields: readonly Field[], nested: Record<string, readonly Field[]> = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = Object.fromEntries(fields.map((f) => [f.name, f.schema]));
  for (const [key, inner] of Object.entries(nested)) properties[key] = fieldsSchema(inner);
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

function requestBody(view: ApiView, body: BodySchema, name: (target: AnyNamedSchema) => JsonSchema): object {
  const schema = name({ name: body.name, schema: fieldsSchema(body.fields, body.nested) });
  return { required: true, content: Object.fromEntries((view.parses ?? DEFAULT_PARSES).map((type) => [type, { schema }])) };
}

const MESSAGES: JsonSchema = { type: 'array', items: { type: 'string' } };

/** serializer.errors: a list of messages per field (nested serializers: their own errors), plus non_field_errors. */
function errorsSchema(fields: readonly Field[], nested: Record<string, readonly Field[]> = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = Object.fromEntries(fields.map((f) => [f.name, MESSAGES]));
  for (const [key, inner] of Object.entries(nested)) properties[key] = { oneOf: [MESSAGES, errorsSchema(inner)] };
  return { type: 'object', properties: { ...properties, non_field_errors: MESSAGES }, additionalProperties: false, minProperties: 1 };
}

/** The errors a view implies by what it declares: validation (400), unsupported media type (415), authentication (403), a bad page (404). */
function impliedErrors(view: ApiView, operation: OperationSchema): Record<number, ResponseSchema> {
  const implied: Record<number, ResponseSchema> = {};
  if (operation.body) implied[400] = { description: "The request's field errors (serializer.errors).", json: errorsSchema(operation.body.fields, operation.body.nested) };
  if (operation.query) implied[400] = { description: "A filter's error (a choice that is not one, a site that is not an integer).", json: errorsSchema(operation.query) };
  if (operation.body) implied[415] = { description: `A Content-Type the view does not parse (${(view.parses ?? DEFAULT_PARSES).join(', ')}).`, json: DETAIL };
  if (view.permissions.includes(isAuthenticated)) {
    implied[403] = { description: 'Not authenticated (DRF answers 403: session authentication comes first), or a CSRF failure of a session-authenticated unsafe request.', json: DETAIL };
  }
  if (operation.paginated) implied[404] = { description: 'Invalid page.', json: DETAIL };
  return implied;
}

function responsesOf(view: ApiView, operation: OperationSchema, name: (target: AnyNamedSchema) => JsonSchema): Record<string, object> {
  const implied = impliedErrors(view, operation);
  const statuses = [...new Set([...Object.keys(operation.responses), ...Object.keys(implied)].map(Number))].sort((a, b) => a - b);
  const wire = (json: AnyNamedSchema | JsonSchema): JsonSchema => ('name' in json && 'schema' in json ? name(json as AnyNamedSchema) : (json as JsonSchema));
  const responses: Record<string, object> = {};
  for (const status of statuses) {
    const declared = operation.responses[status];
    const derived = implied[status];
    let json = declared?.json && wire(declared.json);
    if (json && status === 200 && operation.paginated) json = paginated(json);
    // Declared and implied answers of one status (a signature's detail, a field's errors): either.
    if (declared?.json && derived?.json) json = { oneOf: [json!, derived.json as JsonSchema] };
    else if (!declared && derived?.json) json = derived.json as JsonSchema;
    const description = [declared?.description, derived?.description].filter(Boolean).join(' Or: ');
    const content = declared?.html
      ? { 'text/html': { schema: { type: 'string' } } }
      : declared?.eventStream
        ? { 'text/event-stream': { schema: { type: 'string' } } }
        : json
          ? { 'application/json': { schema: json } }
          : undefined;
    responses[String(status)] = { description, ...(content ? { content } : {}) };
  }
  return responses;
}

/** PageNumberPagination's envelope around a list of items. */
function paginated(items: JsonSchema): JsonSchema {
  const link = { type: ['string', 'null'], format: 'uri' };
  return {
    type: 'object',
    properties: { count: { type: 'integer' }, next: link, previous: link, results: { type: 'array', items } },
    required: ['count', 'next', 'previous', 'results'],
  };
}

/** Every $ref names a schema the document holds. */
function assertReferencesResolve(document: { components: { schemas: Record<string, unknown> } }): void {
  const refs = JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g);
  for (const [, target] of refs) {
    if (!(target! in document.components.schemas)) throw new Error(`the document refers to schema ${target} but none is named so: name it in a response`);
  }
}
