import { monolithSettings } from '../django/monolith-settings.ts';
import { validationError } from '../http/errors.ts';
import type { PyJsonObject } from '../python/json-loads.ts';
import type { QueryDict } from './querydict.ts';
import type { UploadedFile } from './uploadedfile.ts';
import { pyTypeName, type Field, type FieldResult, type SerializerInput } from './serializer-fields.ts';

// DRF 3.14's Serializer.is_valid(): the declared fields in order, their errors collected by name,
// then the serializer-wide validate() step, whose errors as_serializer_error() shapes.

/** serializer.errors: field name (or non_field_errors) -> DRF's messages, in field order. */
export type SerializerErrors = Record<string, string[]>;

/** What a validate() step may raise (ValidationError's detail): a message, messages, or per field. */
export type ValidationDetail = string | string[] | Record<string, string | string[]>;

/** The value type of a field. */
export type FieldValue<F> = F extends Field<string, infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** serializer.validated_data: fields that are always present, and optional ones. */
export type ValidatedData<F extends readonly Field[]> = Simplify<
  { [P in F[number] as P['always'] extends true ? P['name'] : never]: FieldValue<P> } & {
    [P in F[number] as P['always'] extends true ? never : P['name']]?: FieldValue<P>;
  }
>;

/** A Serializer: its fields in declaration order, and optionally its validate(attrs). */
export interface Serializer<F extends readonly Field[]> {
  fields: F;
  /** Serializer.validate: null when valid, else the ValidationError's detail. */
  validate?: (attrs: ValidatedData<F>) => ValidationDetail | null | Promise<ValidationDetail | null>;
}

/** Declares a serializer (a typed helper: `serializer([charField('username'), ...])`). */
export function serializer<const F extends readonly Field[]>(fields: F, validate?: Serializer<F>['validate']): Serializer<F> {
  return validate ? { fields, validate } : { fields };
}

/** The monolith's REST_FRAMEWORK['NON_FIELD_ERRORS_KEY']: where errors of no one field go. */
export const NON_FIELD_ERRORS_KEY = monolithSettings.rest_framework_settings.NON_FIELD_ERRORS_KEY;

/** as_serializer_error: a message or a list is non_field_errors; per-field messages become lists. */
export function asSerializerError(detail: ValidationDetail): SerializerErrors {
  if (typeof detail === 'string') return { [NON_FIELD_ERRORS_KEY]: [detail] };
  if (Array.isArray(detail)) return { [NON_FIELD_ERRORS_KEY]: detail };
  return Object.fromEntries(Object.entries(detail).map(([key, value]) => [key, Array.isArray(value) ? value : [value]]));
}

/** is_valid()'s outcome: validated_data, or serializer.errors. */
export type IsValidResult<V> = { ok: true; data: V } | { ok: false; errors: SerializerErrors };

/**
 * serializer.is_valid() on request.data. `partial` is a PATCH (partial=True): missing fields are
 * skipped, defaults are not applied.
 */
export async function isValid<F extends readonly Field[]>(
  s: Serializer<F>,
  data: SerializerInput,
  { partial = false } = {},
): Promise<IsValidResult<ValidatedData<F>>> {
  // The root's validate_empty_values: None is 'This field may not be null.', which .errors reports so.
  if (data === null) return { ok: false, errors: { [NON_FIELD_ERRORS_KEY]: ['No data provided'] } };
  if (typeof data !== 'object' || Array.isArray(data)) {
    const datatype = pyTypeName(data);
    return { ok: false, errors: { [NON_FIELD_ERRORS_KEY]: [`Invalid data. Expected a dictionary, but got ${datatype}.`] } };
  }
  const input = data as PyJsonObject | QueryDict<string | UploadedFile>;
  const attrs: Record<string, unknown> = {};
  const errors: SerializerErrors = {};
  for (const field of s.fields) {
    const result: FieldResult<unknown> = await field.runValidation(field.getValue(input, partial), partial);
    if ('errors' in result) errors[field.name] = result.errors;
    else if ('value' in result) attrs[field.name] = result.value;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const validated = attrs as ValidatedData<F>;
  const detail = s.validate ? await s.validate(validated) : null;
  return detail === null ? { ok: true, data: validated } : { ok: false, errors: asSerializerError(detail) };
}

/** serializer.is_valid(raise_exception=True) then validated_data: a 400 with serializer.errors otherwise. */
export async function validatedData<F extends readonly Field[]>(
  s: Serializer<F>,
  data: SerializerInput,
  options: { partial?: boolean } = {},
): Promise<ValidatedData<F>> {
  const result = await isValid(s, data, options);
  if (!result.ok) throw validationError(result.errors);
  return result.data;
}
