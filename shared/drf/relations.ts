import { pyInt } from '../python/str.ts';
import {
  fail,
  makeField,
  pyStrOf,
  pyTypeName,
  type AlwaysPresent,
  type Field,
  type FieldOptions,
  type Nullable,
  type Primitive,
} from './serializer-fields.ts';

// serializers.PrimaryKeyRelatedField over a model with an integer primary key (AutoField,
// BigAutoField): queryset.get(pk=data), where Django's IntegerField.get_prep_value applies
// int() to the input first, so '7', ' 7 ', 7.9 and '٧' all look up pk 7.

/** Options of a PrimaryKeyRelatedField: `lookup` is the queryset's get(), null where it raises DoesNotExist. */
export interface PrimaryKeyRelatedFieldOptions<T> extends FieldOptions<T> {
  lookup: (pk: bigint) => T | null | Promise<T | null>;
}

// PostgreSQL compares an integer column with a wider literal and finds nothing.
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

/** int(value) as get_prep_value applies it: the pk, 'type' for TypeError/ValueError, or 'overflow' (int(inf)). */
function primaryKey(data: Primitive): bigint | 'type' | 'overflow' {
  if (typeof data === 'bigint') return data;
  if (typeof data === 'number') {
    if (Number.isNaN(data)) return 'type';
    return Number.isFinite(data) ? BigInt(Math.trunc(data)) : 'overflow';
  }
  if (typeof data === 'string') return pyInt(data) ?? 'type';
  // bool is refused explicitly; lists, dicts and files have no int().
  return 'type';
}

/** serializers.PrimaryKeyRelatedField: the internal value is what `lookup` returns. */
export function primaryKeyRelatedField<N extends string, T, const O extends PrimaryKeyRelatedFieldOptions<T>>(
  name: N,
  options: O & PrimaryKeyRelatedFieldOptions<T>,
): Field<N, Nullable<T, O>, AlwaysPresent<O>> {
  return makeField<N, T, O>(name, options, {
    // map_field says 'integer' for a queryset over an AutoField pk; the pk is one here.
    schema: { type: 'integer' },
    // RelatedField.run_validation: an empty string is None.
    runValidation: (data, base) => base(data === '' ? null : data),
    async toInternalValue(data) {
      const pk = primaryKey(data);
      if (pk === 'overflow') throw new Error('OverflowError: cannot convert float infinity to integer');
      if (pk === 'type') return fail(`Incorrect type. Expected pk value, received ${pyTypeName(data)}.`);
      const found = pk < INT8_MIN || pk > INT8_MAX ? null : await options.lookup(pk);
      return found === null ? fail(`Invalid pk "${pyStrOf(data)}" - object does not exist.`) : { value: found };
    },
  }) as Field<N, Nullable<T, O>, AlwaysPresent<O>>;
}
