/**
 * Canopy's API reference against what DRF itself generates for the monolith's
 * same views (`manage.py generateschema`, run live on Debian's Django): they
 * agree on every operation, parameter, success status, media type, field,
 * type, limit and required-ness, apart from the differences listed with their
 * reasons in tools/openapi/deliberate-differences.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { unexpectedDifferences } from './agreement.ts';
import { compareDocuments } from './compare.ts';
import { drfSchema } from './drf-schema.ts';
import { apiDocument } from './site.ts';

type Schema = { properties: Record<string, Record<string, unknown>>; required?: string[] };
let drf: Record<string, unknown>;

beforeAll(async () => {
  drf = await drfSchema();
});

describe("the document and DRF's generateschema", () => {
  it('differ only where deliberate-differences.ts says, and every listed difference still holds', () => {
    expect(unexpectedDifferences(drf, apiDocument())).toEqual({ unexpected: [], stale: [] });
  });

  it('a field drifting from the monolith (a limit, a type, required-ness) is a difference', () => {
    const document = apiDocument() as unknown as { components: { schemas: Record<string, Schema> } };
    const order = document.components.schemas.OrderRequest!;
    order.properties.quantity = { ...order.properties.quantity, maximum: 60000 };
    order.properties.product = { type: 'string' };
    order.required = order.required!.filter((name) => name !== 'window_end');
    const { unexpected } = unexpectedDifferences(drf, document);
    expect(unexpected.map((d) => d.key)).toEqual(['POST /api/orders/ request.product', 'POST /api/orders/ request.quantity', 'POST /api/orders/ request.window_end']);
    expect(unexpected.find((d) => d.key.endsWith('window_end'))).toEqual({ key: 'POST /api/orders/ request.window_end', drf: 'string(date-time) required', canopy: 'string(date-time)' });
  });

  it('leaves out an operation the monolith does not have (the order event stream), and compares it once DRF documents it', () => {
    const events = 'GET /api/orders/{id}/events/';
    const document = apiDocument();
    const ofEvents = (keys: Array<{ key: string }>) => keys.filter((d) => d.key === events || d.key.startsWith(`${events} `));
    expect(ofEvents(compareDocuments(drf as never, document as never)).length).toBeGreaterThan(0);
    expect(ofEvents(unexpectedDifferences(drf, document).unexpected)).toEqual([]);
    const paths = (drf as { paths: Record<string, unknown> }).paths;
    const drfWithIt = { ...drf, paths: { ...paths, '/api/orders/{id}/events/': paths['/api/orders/{id}/'] } };
    const { unexpected, stale } = unexpectedDifferences(drfWithIt, document);
    expect(stale).toContainEqual({ key: events, drf: 'documented', canopy: 'beyond Django' });
    expect(ofEvents(unexpected).map((d) => d.key)).toContain(`${events} response 200`);
  });
});
