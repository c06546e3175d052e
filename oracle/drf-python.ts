import { runDjango } from './django-python.ts';
import { UploadedFile } from '../shared/drf/uploadedfile.ts';
import { reprFloat } from '../shared/python/str.ts';

// Batch oracle for DRF behaviour: one Python process per call runs `handle(case)` on every case
// under real Django 3.2 + DRF 3.14, configured as the monolith is. Results come back "typed" so
// that Python's int/float/str/dict distinctions survive JSON (see toTyped).

/** A Python value as the oracle reports it. */
export type Typed =
  | null
  | boolean
  | string
  | Typed[]
  | { int: string }
  | { float: string }
  | { decimal: string }
  | { datetime: string }
  | { dict: Array<[string, Typed]> }
  | { querydict: Array<[string, Typed[]]> }
  | { file: { name: string; content_type: string; charset: string | null; content: string; type: string } }
  | { repr: string };

/** What a case produced: handle()'s return value, or the exception it raised. */
export type Outcome<T> = { ok: T } | { raised: string; message: string };

// The monolith's settings that matter to parsing and validation.
const MONOLITH_SETTINGS = {
  TIME_ZONE: 'UTC',
  USE_I18N: true,
  USE_L10N: true,
  LANGUAGE_CODE: 'en-us',
  REST_FRAMEWORK: {
    DEFAULT_AUTHENTICATION_CLASSES: [],
    DEFAULT_PERMISSION_CLASSES: [],
    DEFAULT_RENDERER_CLASSES: ['rest_framework.renderers.JSONRenderer'],
  },
};

const RUNNER = `
import base64, decimal, datetime, textwrap
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict

def b64(text):
    return base64.b64decode(text)

def typed(value):
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {'int': str(value)}
    if isinstance(value, float):
        return {'float': repr(value)}
    if isinstance(value, decimal.Decimal):
        return {'decimal': '{:f}'.format(value)}
    if isinstance(value, datetime.datetime):
        return {'datetime': value.isoformat()}
    if isinstance(value, MultiValueDict):
        return {'querydict': [[k, [typed(v) for v in vs]] for k, vs in value.lists()]}
    if isinstance(value, dict):
        return {'dict': [[k, typed(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [typed(v) for v in value]
    if isinstance(value, UploadedFile):
        value.seek(0)
        return {'file': {'name': value.name, 'content_type': value.content_type,
                         'charset': value.charset.decode('latin-1') if isinstance(value.charset, bytes) else value.charset,
                         'content': base64.b64encode(value.read()).decode(),
                         'type': type(value).__name__}}
    return {'repr': repr(value)}

def untyped(value):
    if isinstance(value, list):
        return [untyped(v) for v in value]
    if not isinstance(value, dict):
        return value
    if 'int' in value:
        return int(value['int'])
    if 'float' in value:
        return float(value['float'])
    if 'dict' in value:
        return {k: untyped(v) for k, v in value['dict']}
    from django.http import QueryDict
    data = QueryDict(mutable=True)
    for k, vs in value['querydict']:
        data.setlist(k, [untyped(v) for v in vs])
    return data

_namespace = {'b64': b64, 'typed': typed, 'untyped': untyped, 'json': json}
exec(textwrap.dedent(INPUT['code']), _namespace)
_results = []
for _case in INPUT['cases']:
    try:
        _results.append({'ok': _namespace['handle'](_case)})
    except Exception as _exc:
        _results.append({'raised': type(_exc).__name__, 'message': str(_exc)})
print(json.dumps(_results))
`;

/**
 * Runs `code` (Python defining `handle(case)`; json, b64(), typed() and untyped() are in scope) on every case in
 * one process and returns each case's outcome, in order.
 */
export function runDrfBatch<T = Typed>(code: string, cases: readonly unknown[], settings: Record<string, unknown> = {}): Outcome<T>[] {
  return runDjango<Outcome<T>[]>(RUNNER, { code, cases }, { settings: { ...MONOLITH_SETTINGS, ...settings } });
}

/** Base64 of bytes, for handing request bodies to the oracle. */
export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Sorts dict entries so that JS objects (integer-like keys first) compare with Python dicts by content. */
export function sortDicts(value: Typed): Typed {
  if (Array.isArray(value)) return value.map(sortDicts);
  if (value !== null && typeof value === 'object' && 'dict' in value) {
    const entries = value.dict.map(([k, v]) => [k, sortDicts(v)] as [string, Typed]);
    return { dict: entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
  }
  return value;
}

/** The oracle's typed form of a value from our side: bigint is int, number is float, objects are dicts. */
export function toTyped(value: unknown): Typed {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return { int: value.toString() };
  if (typeof value === 'number') return { float: reprFloat(value) };
  if (Array.isArray(value)) return value.map(toTyped);
  if (value instanceof UploadedFile) {
    const { name, contentType: content_type, charset, content, pyType: type } = value;
    return { file: { name, content_type, charset, content: content.toString('base64'), type } };
  }
  if (value instanceof Map) {
    return { querydict: [...(value as Map<string, unknown[]>)].map(([k, vs]) => [k, vs.map(toTyped)] as [string, Typed[]]) };
  }
  if (typeof value === 'object') return { dict: Object.entries(value).map(([k, v]) => [k, toTyped(v)] as [string, Typed]) };
  throw new TypeError(`no typed form for ${String(value)}`);
}

/** A deterministic PRNG (mulberry32) for generated cases: same seed, same cases. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** Our value for a typed one (the inverse of toTyped): how generated cases reach both sides. */
export function fromTyped(value: Typed): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromTyped);
  if ('int' in value) return BigInt(value.int);
  if ('float' in value) return value.float === 'inf' ? Infinity : value.float === '-inf' ? -Infinity : Number(value.float);
  if ('dict' in value) {
    const object: Record<string, unknown> = {};
    for (const [k, v] of value.dict) Object.defineProperty(object, k, { value: fromTyped(v), enumerable: true, writable: true, configurable: true });
    return object;
  }
  if ('querydict' in value) return new Map(value.querydict.map(([k, vs]) => [k, vs.map(fromTyped)]));
  throw new TypeError(`no value for ${JSON.stringify(value)}`);
}
