import { monolithSettings } from '../django/monolith-settings.ts';

/**
 * Django-style URL patterns for a function's routes: each pattern is the
 * regular expression Django's resolver would use (DRF routers generate
 * `^api/users/(?P<pk>[^/.]+)/$`), written here with JavaScript named groups.
 */
export interface UrlPattern<V> {
  regex: RegExp;
  view: V;
}

export interface ResolvedUrl<V> {
  view: V;
  params: Record<string, string>;
}

/** Declares a pattern; `regex` matches the path without its leading slash, as Django's does. */
export function path<V>(regex: RegExp, view: V): UrlPattern<V> {
  return { regex, view };
}

/** Resolves a path (with leading slash) to the first matching pattern, as Django's URL resolver does. */
export function resolve<V>(patterns: ReadonlyArray<UrlPattern<V>>, requestPath: string): ResolvedUrl<V> | null {
  const relative = requestPath.startsWith('/') ? requestPath.slice(1) : requestPath;
  for (const pattern of patterns) {
    const match = pattern.regex.exec(relative);
    if (match) return { view: pattern.view, params: { ...match.groups } };
  }
  return null;
}

const APPEND_SLASH = monolithSettings.settings.APPEND_SLASH;

/**
 * Django's CommonMiddleware with the monolith's APPEND_SLASH: redirect when the path does not end
 * in '/', does not resolve, and resolves once a slash is appended.
 */
export function shouldRedirectWithSlash<V>(patterns: ReadonlyArray<UrlPattern<V>>, requestPath: string): boolean {
  return APPEND_SLASH && !requestPath.endsWith('/') && !resolve(patterns, requestPath) && resolve(patterns, `${requestPath}/`) !== null;
}
