// What a field or a response body looks like on the wire, as JSON Schema 2020-12 (the dialect of
// OpenAPI 3.1). Fields carry theirs (serializer-fields.ts, as DRF's AutoSchema.map_field reads a
// field), representations declare theirs beside the code that builds them, typed so that a key
// or a nullability the code does not produce is a compile error; tools/openapi assembles them.

/** A JSON Schema object, the subset Canopy's documents use. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: readonly unknown[];
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  multipleOf?: number;
  readOnly?: boolean;
  writeOnly?: boolean;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minProperties?: number;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  $ref?: string;
}

/** A schema that describes values of type T (the phantom member makes Typed<string> and Typed<string | null> differ). */
export type Typed<T> = JsonSchema & { readonly __value?: (value: T) => T };

/** Makes a schema accept null too (OpenAPI 3.1 spells nullable as a type list). */
export function nullable<T>(schema: Typed<T>): Typed<T | null> {
  if (schema.$ref) return { oneOf: [schema, { type: 'null' }] } as Typed<T | null>;
  const type = schema.type === undefined ? undefined : [...(Array.isArray(schema.type) ? schema.type : [schema.type]), 'null'];
  return { ...schema, ...(type && { type }), ...(schema.enum && { enum: [...schema.enum, null] }) } as Typed<T | null>;
}

export const integer = (extra: JsonSchema = {}): Typed<number> => ({ type: 'integer', ...extra });
export const string = (extra: JsonSchema = {}): Typed<string> => ({ type: 'string', ...extra });
export const boolean = (extra: JsonSchema = {}): Typed<boolean> => ({ type: 'boolean', ...extra });
/** DRF's DateTimeField output: ISO 8601 in UTC. */
export const dateTime = (extra: JsonSchema = {}): Typed<string> => ({ type: 'string', format: 'date-time', ...extra });
/** A ChoiceField's keys (a model's TextChoices: [value, label] pairs), as the string column holds them. */
export const choice = <K extends string>(choices: ReadonlyArray<K | readonly [K, string]>, extra: JsonSchema = {}): Typed<string> => ({
  enum: choices.map((c) => (typeof c === 'string' ? c : c[0])),
  type: 'string',
  ...extra,
});

/**
 * The schema of a representation whose type is T: exactly one entry per key of T, each for that
 * key's value type; every key is always present in the body, and no other.
 */
export function objectOf<T extends object>(properties: { [K in keyof T]-?: Typed<T[K]> }, extra: JsonSchema = {}): Typed<T> {
  return { type: 'object', properties: properties as Record<string, JsonSchema>, required: Object.keys(properties), additionalProperties: false, ...extra } as Typed<T>;
}

/** A list of T. */
export const arrayOf = <T>(items: Typed<T>, extra: JsonSchema = {}): Typed<T[]> => ({ type: 'array', items, ...extra }) as Typed<T[]>;

/** A schema the document lists once under components, by name, and refers to. */
export interface NamedSchema<T = unknown> {
  name: string;
  schema: Typed<T>;
}

/** Any named schema, whatever it describes. */
export type AnyNamedSchema = { name: string; schema: JsonSchema };

/** Names a schema, so a document lists it once under components and refers to it. */
export const named = <T>(name: string, schema: Typed<T>): NamedSchema<T> => ({ name, schema });

/** Where a document keeps its named schemas. */
export const COMPONENTS = '#/components/schemas/';

/** A reference to a named schema, for use inside another. */
export const ref = <T>(target: NamedSchema<T>): Typed<T> => ({ $ref: `${COMPONENTS}${target.name}` }) as Typed<T>;
