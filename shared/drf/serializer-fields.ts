import { UploadedFile } from './uploadedfile.ts';
import { pyStr, type PyJson, type PyJsonObject } from '../python/json-loads.ts';
import { PY_WHITESPACE, pyInt, pyLen, pyStrip } from '../python/str.ts';
import type { QueryDict } from './querydict.ts';
import { nullable, type JsonSchema, type Typed } from './schema.ts';

// DRF 3.14's serializer fields (rest_framework/fields.py): the generic Field behaviour and the
// simple field types. Each field turns the primitive a client sent into the internal value, or
// into the error strings DRF renders; a Serializer (serializers.ts) runs them in order.

/** DRF's `empty`: the input has no value for the field. */
export const empty: unique symbol = Symbol('empty');
/** The type of `empty`. */
export type Empty = typeof empty;

/** A value a field can be handed: from JSON, or from a form (strings and uploaded files). */
export type Primitive = PyJson | UploadedFile;
/** What a serializer is handed (request.data): JSON, or a QueryDict (DRF's 'HTML input'). */
export type SerializerInput = PyJson | QueryDict<string | UploadedFile>;

/** run_validation's outcome: the internal value, DRF's error strings, or SkipField. */
export type FieldResult<T> = { value: T } | { errors: string[] } | { skip: true };

/** A declared serializer field. */
export interface Field<N extends string = string, T = unknown, Always extends boolean = boolean> {
  readonly name: N;
  /** Whether validated data always has this field (required, or has a default) outside partial updates. */
  readonly always: Always;
  /** Whether input must carry it (required=True): what a document's `required` lists. */
  readonly required: boolean;
  /** Its value on the wire, as AutoSchema.map_field describes the field (null and default included). */
  readonly schema: JsonSchema;
  /** Field.get_value: this field's primitive in the input, with HTML forms' special cases. */
  getValue(data: PyJsonObject | QueryDict<string | UploadedFile>, partial: boolean): Primitive | Empty;
  /** Field.run_validation on that primitive. */
  runValidation(data: Primitive | Empty, partial: boolean): FieldResult<T> | Promise<FieldResult<T>>;
}

/** Options every field takes (Field.__init__; read-only fields are simply not declared). */
export interface FieldOptions<T = unknown> {
  /** Defaults to true unless a default is given. */
  required?: boolean;
  /** The value used when the input has none (never validated, as in DRF). */
  default?: T;
  allowNull?: boolean;
}

/** The internal value type a field with options O produces. */
export type Nullable<T, O> = T | (O extends { allowNull: true } ? null : never);
/** Whether a field with options O is always in validated data. */
export type AlwaysPresent<O> = O extends { default: unknown } ? true : O extends { required: false } ? false : true;

/** The message DRF's fail(key) raises for the generic keys. */
export const MESSAGES = {
  required: 'This field is required.',
  null: 'This field may not be null.',
  blank: 'This field may not be blank.',
  maxStringLength: 'String value too large.',
} as const;

/** str() of a primitive: an uploaded file's str() is its name. */
export const pyStrOf = (value: Primitive) => (value instanceof UploadedFile ? value.name : pyStr(value));

/** type(value).__name__ of a primitive. */
export function pyTypeName(value: Primitive): string {
  if (value instanceof UploadedFile) return value.pyType;
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  return { boolean: 'bool', bigint: 'int', number: 'float', string: 'str', object: 'dict' }[typeof value as string]!;
}

const isQueryDict = (data: unknown): data is QueryDict<string | UploadedFile> => data instanceof Map;

/** An error list or a value, from to_internal_value and the validators. */
export type Internal<T> = { value: T } | { errors: string[] };
/** fail(): one message. */
export const fail = (message: string): { errors: string[] } => ({ errors: [message] });

/** What distinguishes one field type from another; the rest is Field. */
export interface FieldBehaviour<T> {
  /** map_field's schema of the field type (nullability and default are Field's). */
  schema: JsonSchema;
  /** to_internal_value, then run_validators (which report every failing validator). */
  toInternalValue(data: Primitive): Internal<T> | Promise<Internal<T>>;
  /** Consulted by get_value on HTML input, as getattr(field, 'allow_blank', False) is. */
  allowBlank?: boolean;
  /** default_empty_html: what a form without the field gives (BooleanField: False). */
  emptyHtml?: Primitive;
  /** An override of run_validation; `base` is Field.run_validation. */
  runValidation?(data: Primitive | Empty, base: (data: Primitive | Empty) => FieldOutcome<T>): FieldOutcome<T>;
}
/** run_validation's outcome as a field type produces it (null where allow_null lets it through). */
export type FieldOutcome<T> = FieldResult<T | null> | Promise<FieldResult<T | null>>;

/** Builds a field: Field's get_value and validate_empty_values around the type's behaviour. */
export function makeField<N extends string, T, O extends FieldOptions>(
  name: N,
  options: O,
  behaviour: FieldBehaviour<T>,
): Field<N, Nullable<T, O>, AlwaysPresent<O>> {
  const hasDefault = 'default' in options;
  const required = options.required ?? !hasDefault;
  const allowNull = options.allowNull ?? false;
  // A default replaces default_empty_html only where the field type has one.
  const emptyHtml = behaviour.emptyHtml === undefined ? empty : hasDefault ? (options.default as Primitive) : behaviour.emptyHtml;

  const base = (data: Primitive | Empty, partial: boolean): FieldOutcome<T> => {
    // validate_empty_values
    if (data === empty) {
      if (partial) return { skip: true };
      if (required) return fail(MESSAGES.required);
      return hasDefault ? { value: options.default as T } : { skip: true };
    }
    if (data === null) return allowNull ? { value: null } : fail(MESSAGES.null);
    return behaviour.toInternalValue(data);
  };

  const schema = allowNull ? nullable(behaviour.schema) : behaviour.schema;
  return {
    name,
    always: (hasDefault || required) as AlwaysPresent<O>,
    required,
    schema: hasDefault && options.default !== null ? { ...schema, default: options.default } : schema,
    getValue(data, partial) {
      if (!isQueryDict(data)) return Object.hasOwn(data, name) ? data[name]! : empty;
      // HTML forms have no null, and send '' for a field left blank.
      const values = data.get(name);
      if (!values) return partial ? empty : emptyHtml;
      const value = values.at(-1)!;
      if (value === '' && allowNull) return behaviour.allowBlank ? '' : null;
      if (value === '' && !required) return behaviour.allowBlank ? '' : empty;
      return value;
    },
    runValidation(data, partial) {
      const outcome = behaviour.runValidation
        ? behaviour.runValidation(data, (value) => base(value, partial))
        : base(data, partial);
      return outcome as FieldResult<Nullable<T, O>> | Promise<FieldResult<Nullable<T, O>>>;
    },
  };
}

/** The validators' results, all of them (Field.run_validators). */
export function runValidators<T>(value: T, validators: Array<(value: T) => string | null>): Internal<T> {
  const errors = validators.map((validator) => validator(value)).filter((error): error is string => error !== null);
  return errors.length ? { errors } : { value };
}

/** Options of a CharField. */
export interface CharFieldOptions extends FieldOptions<string> {
  allowBlank?: boolean;
  /** Python's str.strip(): Unicode whitespace, not JS's (no U+FEFF; U+001C..U+001F and U+0085 included). */
  trimWhitespace?: boolean;
  maxLength?: number;
  minLength?: number;
}

/** serializers.CharField */
export function charField<N extends string, const O extends CharFieldOptions = {}>(
  name: N,
  options: O = {} as O,
): Field<N, Nullable<string, O>, AlwaysPresent<O>> {
  const { allowBlank = false, trimWhitespace = true, maxLength, minLength } = options;
  const validators: Array<(value: string) => string | null> = [
    (value) => (maxLength !== undefined && pyLen(value) > maxLength ? `Ensure this field has no more than ${maxLength} characters.` : null),
    (value) => (minLength !== undefined && pyLen(value) < minLength ? `Ensure this field has at least ${minLength} characters.` : null),
    // Django's ProhibitNullCharactersValidator, then DRF's ProhibitSurrogateCharactersValidator (first one only).
    (value) => (value.includes('\0') ? 'Null characters are not allowed.' : null),
    (value) => {
      const surrogate = /[\ud800-\udfff]/.exec(value.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
      return surrogate ? `Surrogate characters are not allowed: U+${surrogate[0].charCodeAt(0).toString(16).toUpperCase()}.` : null;
    },
  ];
  return makeField(name, options, {
    schema: { type: 'string', ...(maxLength !== undefined && { maxLength }), ...(minLength !== undefined && { minLength }) },
    allowBlank,
    runValidation(data, base) {
      // Blank input is decided before null and required are (data here may even be a number).
      const blank = data === '' || (trimWhitespace && data !== empty && data !== null && pyStrip(pyStrOf(data)) === '');
      if (!blank) return base(data);
      return allowBlank ? { value: '' } : fail(MESSAGES.blank);
    },
    toInternalValue(data) {
      // Numbers are accepted as their str(); bools, lists, dicts and files are not.
      if (typeof data !== 'string' && typeof data !== 'bigint' && typeof data !== 'number') return fail('Not a valid string.');
      const value = pyStrOf(data);
      return runValidators(trimWhitespace ? pyStrip(value) : value, validators);
    },
  });
}

/** Options of an IntegerField. */
export interface IntegerFieldOptions extends FieldOptions<bigint> {
  maxValue?: bigint;
  minValue?: bigint;
}

/** The min_value/max_value validators numeric fields share, with DRF's messages. */
export function limitValidators<T>(
  limits: { minValue?: T; maxValue?: T },
  compare: (a: T, b: T) => number,
  show: (limit: T) => string,
): Array<(value: T) => string | null> {
  const { minValue, maxValue } = limits;
  return [
    (value) =>
      maxValue !== undefined && compare(value, maxValue) > 0 ? `Ensure this value is less than or equal to ${show(maxValue)}.` : null,
    (value) =>
      minValue !== undefined && compare(value, minValue) < 0 ? `Ensure this value is greater than or equal to ${show(minValue)}.` : null,
  ];
}

// IntegerField.re_decimal: allows '1.0' (and '1.', '1.00  ') as an int, not '1.2'.
const RE_DECIMAL = /* @__PURE__ */ new RegExp(`\\.0*${PY_WHITESPACE.source}*$`);

/** serializers.IntegerField: int(str(data)) once a trailing '.0' is removed; values are bigint. */
export function integerField<N extends string, const O extends IntegerFieldOptions = {}>(
  name: N,
  options: O = {} as O,
): Field<N, Nullable<bigint, O>, AlwaysPresent<O>> {
  const validators = limitValidators<bigint>(options, (a, b) => (a < b ? -1 : a > b ? 1 : 0), String);
  const { minValue, maxValue } = options;
  return makeField(name, options, {
    schema: { type: 'integer', ...(maxValue !== undefined && { maximum: Number(maxValue) }), ...(minValue !== undefined && { minimum: Number(minValue) }) },
    toInternalValue(data) {
      if (typeof data === 'string' && pyLen(data) > 1000) return fail(MESSAGES.maxStringLength);
      const value = pyInt(pyStrOf(data).replace(RE_DECIMAL, ''));
      return value === null ? fail('A valid integer is required.') : runValidators(value, validators);
    },
  });
}

// BooleanField.TRUE_VALUES / FALSE_VALUES / NULL_VALUES; ints and floats compare by value (1 == 1.0 == True).
const TRUE_STRINGS = new Set(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1']);
const FALSE_STRINGS = new Set(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0']);
const NULL_STRINGS = new Set(['null', 'Null', 'NULL', '']);

/** serializers.BooleanField: a form without the field means False. */
export function booleanField<N extends string, const O extends FieldOptions<boolean> = {}>(
  name: N,
  options: O = {} as O,
): Field<N, Nullable<boolean, O>, AlwaysPresent<O>> {
  return makeField<N, boolean | null, O>(name, options, {
    schema: { type: 'boolean' },
    emptyHtml: false,
    toInternalValue(data) {
      const number = typeof data === 'bigint' || typeof data === 'number' ? Number(data) : null;
      if (data === true || number === 1 || (typeof data === 'string' && TRUE_STRINGS.has(data))) return { value: true };
      if (data === false || number === 0 || (typeof data === 'string' && FALSE_STRINGS.has(data))) return { value: false };
      if (options.allowNull && typeof data === 'string' && NULL_STRINGS.has(data)) return { value: null };
      return fail('Must be a valid boolean.');
    },
  }) as Field<N, Nullable<boolean, O>, AlwaysPresent<O>>;
}

/** Options of a ChoiceField. */
export interface ChoiceFieldOptions extends FieldOptions<string> {
  allowBlank?: boolean;
}

/**
 * serializers.ChoiceField(choices) with string keys (a model's TextChoices values, or [key, label]
 * pairs): str(input) must be one of the keys, which is the internal value.
 */
export function choiceField<N extends string, const K extends string, const O extends ChoiceFieldOptions = {}>(
  name: N,
  choices: ReadonlyArray<K | readonly [K, string]>,
  options: O = {} as O,
): Field<N, Nullable<K | (O extends { allowBlank: true } ? '' : never), O>, AlwaysPresent<O>> {
  const keys = new Set<string>(choices.map((choice) => (typeof choice === 'string' ? choice : choice[0])));
  const allowBlank = options.allowBlank ?? false;
  return makeField(name, options, {
    // map_field: the keys, and 'string' because every key is a str.
    schema: { enum: [...keys], type: 'string' },
    allowBlank,
    toInternalValue(data) {
      if (data === '' && allowBlank) return { value: '' };
      const text = pyStrOf(data);
      return keys.has(text) ? { value: text } : fail(`"${text}" is not a valid choice.`);
    },
  }) as Field<N, Nullable<K | (O extends { allowBlank: true } ? '' : never), O>, AlwaysPresent<O>>;
}

/** A field's wire schema for a representation of its value type (DecimalField: the string it renders). */
export const fieldSchema = <T>(field: Field<string, T>, extra: JsonSchema = {}): Typed<T> => ({ ...field.schema, ...extra }) as Typed<T>;
