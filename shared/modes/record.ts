import type { Sql } from '../db.ts';
import { compareWithMonolith, emptyNoiseModel, redactRequest, type NoiseModel, type ParityRules } from '../parity/index.ts';
import type { ShadowObservation } from './shadow.ts';

/**
 * Stores each shadowed request's verdict in canopy.parity_results (the
 * request redacted, enough to replay as curl) and keeps each route's noise
 * model in canopy.parity_noise. Models are cached per instance; concurrent
 * instances may each overwrite the stored one, losing a few samples, which a
 * statistic of hundreds of pairs tolerates.
 */
export function createParityRecorder(sql: Sql): (observation: ShadowObservation) => Promise<void> {
  const models = new Map<string, NoiseModel>();
  const modelFor = async (routeId: string) => {
    const cached = models.get(routeId);
    if (cached) return cached;
    const [row] = await sql<{ model: NoiseModel }[]>`select model from canopy.parity_noise where route_id = ${routeId}`;
    return row?.model ?? emptyNoiseModel();
  };
  return async ({ route, request, monolith, fn, secondMonolith }) => {
    const noise = await modelFor(route.id);
    const verdict = fn
      ? compareWithMonolith({ request, monolith, fn, secondMonolith: secondMonolith ?? undefined, rules: route.parity as ParityRules, noise })
      : { agreed: false, real: [{ path: 'function', kind: 'missing' as const, a: String(monolith.status), b: 'failed' }], noise: [], model: noise };
    if (verdict.model !== noise) {
      models.set(route.id, verdict.model);
      await sql`
        insert into canopy.parity_noise (route_id, model) values (${route.id}, ${sql.json(verdict.model as never)})
        on conflict (route_id) do update set model = excluded.model, updated_at = now()`;
    }
    const redacted = redactRequest(request, { credentials: route.credentials });
    await sql`
      insert into canopy.parity_results
        (route_id, method, agreed, differences, noise, monolith_status, function_status, monolith_ms, function_ms, request)
      values (${route.id}, ${request.method}, ${verdict.agreed}, ${sql.json(verdict.real as never)}, ${sql.json(verdict.noise as never)},
              ${monolith.status}, ${fn?.status ?? null}, ${monolith.latencyMs}, ${fn?.latencyMs ?? null},
              ${sql.json({ ...redacted, body: redacted.body.toString('utf8') } as never)})`;
  };
}
