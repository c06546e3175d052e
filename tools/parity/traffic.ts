import { z } from 'zod';

/**
 * One request of a traffic sample. A traffic file is JSON lines, one
 * request per line, replayed in order:
 *
 *   {"method":"GET","path":"/api/users/me/","headers":{"Authorization":"Token 35febdf6ec676c0033fb5af6e4101c8f10c6be72"}}
 *   {"method":"POST","path":"/api/auth/login/","headers":{"Content-Type":"application/json"},"body":"{\"username\":\"alice\",\"password\":\"canopy-demo-1\"}"}
 *
 * `path` includes the query string; `headers` are sent as given (Host and
 * Content-Length are set by the client); `body` is UTF-8 text.
 */
export const trafficEntry = z.strictObject({
  method: z.enum(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  path: z.string().regex(/^\/\S*$/, 'a path starting with / (query string included), no spaces'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
});

export type TrafficEntry = z.infer<typeof trafficEntry>;

/** Parses a traffic file; throws one line naming the line and field at fault. Blank lines are skipped. */
export function parseTraffic(text: string, source: string): TrafficEntry[] {
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${index + 1}: not a JSON object (one request per line)`);
    }
    const parsed = trafficEntry.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${source}:${index + 1}: ${issue.path.join('.') || '(line)'}: ${issue.message}`);
    }
    return [parsed.data];
  });
}

/** Writes entries as a traffic file. */
export function formatTraffic(entries: readonly TrafficEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
}
