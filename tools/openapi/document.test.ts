import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { loadManifest, type Manifest } from '../manifest.ts';
import { buildDocument } from './document.ts';
import { FUNCTION_URLS } from './functions.ts';
import { apiDocument } from './site.ts';

type Doc = { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>; components: { schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }> } };

const validate = async (document: object) => new Validator().validate(structuredClone(document) as Parameters<Validator["validate"]>[0]);

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for a real validator, which does reject a broken one', async () => {
    const document = apiDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(await validate(document)).toEqual({ valid: true });
    const broken = structuredClone(document) as unknown as Doc;
    broken.paths['/api/orders/']!.get!.responses = { 200: { content: 'not a map of media types' } };
    expect((await validate(broken)).valid).toBe(false);
  });

  it('has exactly the operations the manifest routes to functions (neither HEAD nor OPTIONS, as DRF)', () => {
    const manifest = loadManifest();
    const document = apiDocument(manifest) as unknown as Doc;
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    const routed = manifest.routes.flatMap((r) => r.methods.filter((m) => m !== 'HEAD' && m !== 'OPTIONS').map((m) => `${m} ${r.pathTemplate}`));
    expect(operations.sort()).toEqual(routed.sort());
  });

  it("takes request bodies from the serializers the views validate with: fields, and DRF's required-ness", () => {
    const schemas = (apiDocument() as unknown as Doc).components.schemas;
    expect(Object.keys(schemas.OrderRequest!.properties)).toEqual(['site', 'product', 'quantity', 'window_start', 'window_end']);
    expect(schemas.OrderRequest!.required).toEqual(['site', 'product', 'quantity', 'window_start', 'window_end']);
    expect(schemas.LoginRequest!.required).toEqual(['username', 'password']);
    // The webhook's `data` is only required of payment.succeeded events, which the envelope cannot say.
    expect(schemas.PaymentEvent!.required).toEqual(['id', 'type']);
  });

  it('says in one line which route cannot be documented', () => {
    const manifest = loadManifest();
    const stray: Manifest = { ...manifest, routes: [...manifest.routes, { ...manifest.routes[0]!, id: 'stray', pathTemplate: '/api/users/{id}/avatar/' }] };
    expect(() => buildDocument(stray, FUNCTION_URLS, '0')).toThrow('route stray: /api/users/1/avatar/ resolves to no view of function users');
    const unknown: Manifest = { ...manifest, routes: [{ ...manifest.routes[0]!, id: 'elsewhere', function: 'reports' }] };
    expect(() => buildDocument(unknown, FUNCTION_URLS, '0')).toThrow('route elsewhere: function reports has no URL patterns in tools/openapi/functions.ts');
    const undocumented: Manifest = { ...manifest, routes: [{ ...manifest.routes[0]!, id: 'me-delete', methods: ['GET', 'DELETE'] }] };
    expect(() => buildDocument(undocumented, FUNCTION_URLS, '0')).toThrow('route me-delete: view "Me" has no DELETE handler');
  });
});
