import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { billingOf, loadManifest, MANIFEST_PATH, ManifestError, parseManifest, templateMatcher } from './manifest.ts';

const valid = () => JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
const mutate = (change: (m: any) => void) => {
  const manifest = valid();
  change(manifest);
  return JSON.stringify(manifest);
};

describe('routes manifest', () => {
  it('the checked-in manifest is valid', () => {
    expect(loadManifest().routes.length).toBeGreaterThan(0);
  });

  it.each([
    ['a route naming an unknown function', (m: any) => (m.routes[0].function = 'nope'), /routes\.0\.function: no function "nope"/],
    ['a weight over 1000', (m: any) => ((m.routes[0].stage = 'canary'), (m.routes[0].weight = 1001)), /routes\.0\.weight/],
    ['a live route that is not at 1000', (m: any) => (m.routes[0].weight = 500), /routes\.0\.weight: stage live needs weight 1000/],
    ['a stage that does not exist', (m: any) => (m.routes[0].stage = 'beta'), /routes\.0\.stage/],
    ['a path template without its trailing slash', (m: any) => (m.routes[0].pathTemplate = '/api/users/me'), /routes\.0\.pathTemplate/],
    ['a duplicate route id', (m: any) => m.routes.push({ ...m.routes[0] }), /duplicate route id/],
    ['an unknown field', (m: any) => (m.routes[0].colour = 'red'), /routes\.0/],
    ['an entry field (a function starts at functions/<name>/index.ts, always)', (m: any) => (m.functions.users.entry = 'src/users.ts'), /functions\.users: Unrecognized key: "entry"/],
    ['a setting without what it is', (m: any) => (m.functions['order-events'].env.DISPATCH_URL = ''), /functions\.order-events\.env\.DISPATCH_URL: say what the setting is/],
    ['a setting name that is not an environment variable', (m: any) => (m.functions['order-events'].env.dispatch_url = 'the partner'), /functions\.order-events\.env\.dispatch_url/],
    ['a topic pushed to two functions', (m: any) => (m.functions['order-audit'] = { ...m.functions['order-events'] }), /functions\.order-audit\.topics: topic "order-events" is already pushed to "order-events"/],
    ['a topic pushed to a routed function', (m: any) => (m.functions.users.topics = ['user-events']), /functions\.users\.topics: a function with routes takes no pushes/],
    ['a billing mode that does not exist', (m: any) => (m.functions.users.billing = 'always'), /^routes\.json: functions\.users\.billing: must be "request" \(CPU only while a request is in flight, a fee per request\) or "instance" \(CPU always on, no request fee\)$/],
    ['a function without a billing mode', (m: any) => delete m.functions.users.billing, /functions\.users\.billing: must be "request"/],
  ])('rejects %s, naming the field', (_name, change, message) => {
    expect(() => parseManifest(mutate(change), 'routes.json')).toThrow(ManifestError);
    expect(() => parseManifest(mutate(change), 'routes.json')).toThrow(message);
  });

  it('bills a function per instance while any of its routes is in shadow, whatever its billing field says', () => {
    const manifest = parseManifest(
      mutate((m) => {
        m.functions.users.billing = 'request';
        m.functions.identity.billing = 'request';
        Object.assign(m.routes.find((r: any) => r.id === 'users-detail'), { stage: 'shadow', weight: 1000 });
        Object.assign(m.routes.find((r: any) => r.id === 'auth-login'), { stage: 'canary', weight: 50 });
      }),
    );
    expect(billingOf(manifest, 'users')).toEqual({ mode: 'instance', forcedBy: 'users-detail' });
    expect(billingOf(manifest, 'identity')).toEqual({ mode: 'request', forcedBy: null });
    manifest.functions.identity!.billing = 'instance';
    expect(billingOf(manifest, 'identity')).toEqual({ mode: 'instance', forcedBy: null });
  });

  it('rejects text that is not JSON with one clear line', () => {
    expect(() => parseManifest('{', 'routes.json')).toThrow(/routes\.json: not valid JSON/);
  });

  it('matches path templates one segment per variable, as pathTemplateMatch does', () => {
    const matcher = templateMatcher('/api/users/{id}/');
    expect(matcher.test('/api/users/12/')).toBe(true);
    expect(matcher.test('/api/users/me/')).toBe(true);
    expect(matcher.test('/api/users/12')).toBe(false);
    expect(matcher.test('/api/users/1/2/')).toBe(false);
    expect(templateMatcher('/api/a.b/').test('/api/aXb/')).toBe(false);
  });
});
