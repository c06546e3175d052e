import type { ObservedPath } from './baseline.ts';

/**
 * The monolith's answer to OPTIONS on `path` as a staff user (`authorization`,
 * an Authorization header): DRF's SimpleMetadata describes the view and, for
 * the methods a staff user may call, each serializer field (type, required,
 * read_only, max_length, choices...). Throws one line when the monolith does not answer.
 */
export async function optionsMetadata(monolithUrl: string, path: string, authorization: string): Promise<ObservedPath['options']> {
  let response: Response;
  try {
    response = await fetch(new URL(path, monolithUrl), {
      method: 'OPTIONS',
      headers: { Authorization: authorization, Accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Error(`the monolith at ${monolithUrl} does not answer OPTIONS ${path} (${(error as Error).message}): start it, or fix --monolith-url`);
  }
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, allow: response.headers.get('allow'), body: json ? JSON.parse(text) : null };
}
