import { isDeepStrictEqual } from 'node:util';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v);

/**
 * Where `now` differs from `built`, one line per difference: `where`, then
 * the dotted path of the value. Objects key by key, arrays of objects
 * (hashers, OPTIONS choices) item by item, anything else (a list of classes,
 * a number) as one value.
 */
export function jsonDifferences(where: string, built: unknown, now: unknown): string[] {
  return differencesAt('', built, now).map((line) => `${where}: ${line}`);
}

function differencesAt(path: string, built: unknown, now: unknown): string[] {
  if (isDeepStrictEqual(built, now)) return [];
  const named = path || 'the whole value';
  if (isObject(built) && isObject(now)) {
    const keys = [...new Set([...Object.keys(built), ...Object.keys(now)])];
    return keys.flatMap((key) => {
      const at = path ? `${path}.${key}` : key;
      if (!(key in now)) return [`${at} is gone (built against ${show(built[key])})`];
      if (!(key in built)) return [`${at} is new: ${show(now[key])}`];
      return differencesAt(at, built[key], now[key]);
    });
  }
  if (Array.isArray(built) && Array.isArray(now) && built.length === now.length && built.every(isObject)) {
    return built.flatMap((item, i) => differencesAt(`${path}[${i}]`, item, now[i]));
  }
  return [`${named} is ${show(now)} (built against ${show(built)})`];
}
