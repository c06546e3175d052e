import { drfAtLeast } from '../django/monolith-settings.ts';
import type { CanopyResponse } from '../http/types.ts';
import { renderJson } from '../http/render.ts';
import { reprFloat } from '../python/str.ts';

// DRF's SimpleMetadata: what OPTIONS answers. A view with a serializer and POST (or PUT)
// also describes, under `actions`, each serializer field as get_field_info does.

/** A serializer field as SimpleMetadata describes it. */
export interface FieldInfo {
  /** label_lookup's name for the field class: 'integer', 'field' (a related field), 'choice', ... */
  type: string;
  required: boolean;
  readOnly: boolean;
  label: string;
  helpText?: string;
  /** A CharField's length limits (Django's max_length on a model field becomes the serializer's). */
  minLength?: number;
  maxLength?: number;
  /**
   * An IntegerField's limits as numbers (rendered as Python ints); a DecimalField's as Decimal
   * literals, which DRF's JSON encoder writes as floats.
   */
  minValue?: number | string;
  maxValue?: number | string;
  /** A DecimalField's max_digits and decimal_places (described from DRF 3.15). */
  maxDigits?: number;
  decimalPlaces?: number;
  /** [value, display name] pairs; listed only for writable fields that are not related fields. */
  choices?: ReadonlyArray<readonly [string, string]>;
}

/** What OPTIONS describes of a view. */
export interface ViewMetadata {
  name: string;
  description: string;
  /** The media types of parser_classes; DEFAULT_PARSER_CLASSES' when absent. */
  parses?: string[];
  /** Per method (POST, PUT), the serializer's fields in declaration order. */
  actions?: Partial<Record<'POST' | 'PUT', Record<string, FieldInfo>>>;
}

/** A Python float in the rendered JSON (50000.0, where JavaScript writes 50000). */
class PyFloat {
  constructor(readonly value: number) {}
}

const limit = (value: number | string) => (typeof value === 'string' ? new PyFloat(Number(value)) : value);
const DESCRIBES_DECIMAL_PRECISION = drfAtLeast(3, 15);

/** get_field_info: keys in DRF's order, empty attributes left out. */
export function fieldInfo(field: FieldInfo): Record<string, unknown> {
  const info: Record<string, unknown> = { type: field.type, required: field.required, read_only: field.readOnly, label: field.label };
  if (field.helpText) info.help_text = field.helpText;
  if (field.minLength !== undefined) info.min_length = field.minLength;
  if (field.maxLength !== undefined) info.max_length = field.maxLength;
  if (field.minValue !== undefined) info.min_value = limit(field.minValue);
  if (field.maxValue !== undefined) info.max_value = limit(field.maxValue);
  if (DESCRIBES_DECIMAL_PRECISION && field.maxDigits !== undefined) info.max_digits = field.maxDigits;
  if (DESCRIBES_DECIMAL_PRECISION && field.decimalPlaces !== undefined) info.decimal_places = field.decimalPlaces;
  if (field.choices && !field.readOnly) info.choices = field.choices.map(([value, display_name]) => ({ value, display_name }));
  return info;
}

/** JSONRenderer's output for data that may hold Python floats. */
function render(value: unknown): string {
  if (value instanceof PyFloat) return reprFloat(value.value);
  if (Array.isArray(value)) return `[${value.map(render).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${renderJson(key).toString('utf8')}:${render(item)}`).join(',')}}`;
  }
  return renderJson(value).toString('utf8');
}

const DEFAULT_PARSES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** A method OPTIONS may describe under `actions`. */
export type DescribedMethod = keyof NonNullable<ViewMetadata['actions']>;

/**
 * SimpleMetadata.determine_metadata for the monolith's JSONRenderer; `describe` are the methods
 * determine_actions kept for this request (view.ts decides, as DRF does, per user and object).
 */
export function metadataResponse(view: ViewMetadata, describe: readonly DescribedMethod[]): CanopyResponse {
  const described = Object.entries(view.actions ?? {}).filter(([method]) => describe.includes(method as DescribedMethod));
  const actions = described.map(
    ([method, fields]) => [method, Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, fieldInfo(field)]))] as const,
  );
  const data = {
    name: view.name,
    description: view.description,
    renders: ['application/json'],
    parses: view.parses ?? DEFAULT_PARSES,
    ...(actions.length ? { actions: Object.fromEntries(actions) } : {}),
  };
  return { status: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(render(data), 'utf8') };
}
