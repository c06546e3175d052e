/**
 * json.dumps(value) with Python's defaults (separators ', ' and ': ',
 * ensure_ascii), which is the body requests sends for `json=`: the partner
 * receives the monolith's bytes. Covers what the dispatch body holds: flat
 * objects of strings and integers.
 */
export function pythonJsonDumps(value: Record<string, string | number>): string {
  return `{${Object.entries(value)
    .map(([key, item]) => `${pythonJsonString(key)}: ${typeof item === 'number' ? String(item) : pythonJsonString(item)}`)
    .join(', ')}}`;
}

// ensure_ascii escapes everything outside ' '..'~', per UTF-16 unit, in lower-case hex.
function pythonJsonString(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
