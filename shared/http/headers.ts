import type { CanopyResponse } from './types.ts';

/** Reads a response header case-insensitively (the first value). */
export function getHeader(response: CanopyResponse, name: string): string | undefined {
  const lower = name.toLowerCase();
  return response.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** Sets a header, replacing any earlier value (Django's response[name] = value). */
export function setHeader(response: CanopyResponse, name: string, value: string): void {
  const lower = name.toLowerCase();
  const index = response.headers.findIndex(([n]) => n.toLowerCase() === lower);
  if (index === -1) response.headers.push([name, value]);
  else response.headers[index] = [name, value];
}

/** Sets a header only when absent (Django's response.setdefault). */
export function setDefaultHeader(response: CanopyResponse, name: string, value: string): void {
  if (getHeader(response, name) === undefined) response.headers.push([name, value]);
}

/** django.utils.cache.patch_vary_headers. */
export function patchVary(response: CanopyResponse, ...names: string[]): void {
  const existing = (getHeader(response, 'Vary') ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const seen = new Set(existing.map((v) => v.toLowerCase()));
  const added = names.filter((n) => !seen.has(n.toLowerCase()));
  if (seen.has('*')) return setHeader(response, 'Vary', '*');
  setHeader(response, 'Vary', [...existing, ...added].join(', '));
}
