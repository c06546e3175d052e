/**
 * Worst-case client input for the functions' parsers: a long run of whitespace between two other
 * characters. A backtracking /^\s+|\s+$/g retries \s+$ from each position of such a run, so it
 * is quadratic in the run's length (2.5 MiB of it blocked a function's event loop for hours).
 * Every shape comes at its limit: the 2.5 MiB body the functions accept, or what fits in the
 * 16 KiB Node allows for a request's headers.
 */
import { MAX_BODY_BYTES } from '../../shared/pipeline/node-adapter.ts';
import { sign } from '../../functions/payments-webhook/signature.ts';
import { DEV_WEBHOOK_SECRET } from '../../tools/stack/monolith.ts';
import { startLocalPushIdentity, type LocalPushIdentity } from '../../tools/pubsub/push-identity.ts';
import { csrfCookie } from './django-client.ts';
import { send, type RawRequest, type RawResponse } from './http.ts';
import { startWorld, type World } from './world.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';

// Node's --max-http-header-size (16 KiB) covers the request line and every header together.
const HEADER_ROOM = 12 * 1024;
const SPACES = [' ', '\t', '\u3000'];

/** `wrap('x' + spaces + 'x')` with as many spaces as keep it within `limit` bytes. */
function filled(limit: number, wrap: (text: string) => string, space = ' '): string {
  const text = (n: number) => wrap(`x${space.repeat(n)}x`);
  const overhead = Buffer.byteLength(text(0));
  const perSpace = (Buffer.byteLength(text(1024)) - overhead) / 1024;
  let n = Math.floor((limit - overhead) / perSpace);
  // Base64 grows in steps of four bytes: a few more spaces off until it fits.
  for (let size = Buffer.byteLength(text(n)); size > limit; size = Buffer.byteLength(text(n))) n -= Math.ceil((size - limit) / perSpace);
  return text(n);
}

/** A function as a client reaches it, and where its parsers meet client text. */
export interface Target {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** What every request to it carries: credentials, the CSRF pair. */
  headers: Record<string, string>;
  /** A body that puts `value` in one field its parsers strip or read as a number, by field name. */
  fields: Record<string, (value: string) => unknown>;
  /** A request a well-behaved second client sends meanwhile, and the status it gets. */
  probe: RawRequest & { status: number };
}

export interface Pathological extends RawRequest {
  shape: string;
}

const withSignature = (headers: Record<string, string>, body: string) => {
  const timestamp = BigInt(Math.floor(Date.now() / 1000));
  return { ...headers, 'Payment-Signature': `t=${timestamp},v1=${sign(DEV_WEBHOOK_SECRET, timestamp, Buffer.from(body))}` };
};

/** A JSON body at the body limit with one field pathological (signed, for the payments webhook). */
export function jsonBody(target: Target, field: string, space = ' '): Pathological {
  const body = filled(MAX_BODY_BYTES, (text) => JSON.stringify(target.fields[field]!(text)), space);
  const headers = { ...target.headers, 'Content-Type': 'application/json' };
  return {
    shape: `JSON ${field} (${JSON.stringify(space)})`,
    method: 'POST',
    path: target.path,
    headers: target.name === 'payments-webhook' ? withSignature(headers, body) : headers,
    body,
  };
}

/** The target's usual request (an empty JSON object for a POST), with a pathological path or headers. */
function usual(target: Target, shape: string, change: { path?: string; headers?: Record<string, string> }): Pathological {
  const body = target.method === 'POST' ? '{}' : undefined;
  const contentType: Record<string, string> = body ? { 'Content-Type': 'application/json' } : {};
  return { shape, method: target.method, path: change.path ?? target.path, headers: { ...target.headers, ...contentType, ...change.headers }, body };
}

/** One header at Node's header limit. */
export const headerShape = (target: Target, name: string, wrap: (text: string) => string): Pathological =>
  usual(target, `${name} header`, { headers: { [name]: filled(HEADER_ROOM, wrap) } });

/** Every pathological shape, each at its limit, aimed at one function. */
export function pathologicalRequests(target: Target): Pathological[] {
  const [firstField] = Object.keys(target.fields);
  const cookie = target.headers.Cookie ? `${target.headers.Cookie}; ` : '';
  return [
    ...Object.keys(target.fields).flatMap((field) => SPACES.map((space) => jsonBody(target, field, space))),
    {
      shape: `form ${firstField}`,
      method: 'POST',
      path: target.path,
      headers: { ...target.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: filled(MAX_BODY_BYTES, (text) => `${firstField}=${text}`, '+'),
    },
    headerShape(target, 'Cookie', (text) => `${cookie}sessionid=${text}`),
    headerShape(target, 'Accept', (text) => `application/json; q=${text}`),
    headerShape(target, 'Content-Type', (text) => `application/json; charset=${text}`),
    headerShape(target, 'Authorization', (text) => `Token ${text}`),
    headerShape(target, 'Payment-Signature', (text) => `t=1${text},v1=${text}`),
    headerShape(target, 'X-Forwarded-For', (text) => text),
    usual(target, 'ordering query', { path: filled(HEADER_ROOM, (text) => `${target.path}?ordering=${text}`, '%20') }),
    usual(target, 'page query', { path: filled(HEADER_ROOM, (text) => `${target.path}?page=1${text}`, '%20') }),
  ];
}

/** Sends every request, `concurrency` at a time; the answers in order. */
export async function sendAll(baseUrl: string, requests: RawRequest[], concurrency = 8): Promise<RawResponse[]> {
  const answers: RawResponse[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      answers[i] = await send(baseUrl, requests[i]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

/**
 * Runs `work` while a second client sends the target's probe, one request after another, until
 * the work is done and at least `minimum` probes were answered; the probes' statuses. A blocked
 * event loop shows as a probe that times out (30 s), or as a test that runs out of time.
 */
export async function whileProbing<T>(baseUrl: string, target: Target, work: Promise<T>, minimum = 3): Promise<{ result: T; probes: number[] }> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  settled.catch(() => {}); // awaited below
  const probes: number[] = [];
  while (!done || probes.length < minimum) probes.push((await send(baseUrl, target.probe)).status);
  return { result: await settled, probes };
}

const ALICE = tokenHeader('alice');
const ORDER = { site: 1, product: 'diesel', quantity: '10', window_start: '2026-03-02T09:00:00Z', window_end: '2026-03-02T12:00:00Z' };
const EVENT = {
  event_id: '7b0d1a4e-0f59-4c5e-9a43-2f1d3c7b9e10',
  event_type: 'order.created',
  created_at: '2026-01-05T08:00:00+00:00',
  order_id: 1,
  customer_id: 1,
  site_id: 1,
  postcode: 'LS1 1AA',
  product: 'diesel',
  quantity: '10.00',
  window_start: '2026-01-05T08:00:00+00:00',
  window_end: '2026-01-05T12:00:00+00:00',
};
const envelope = (data: string) => ({ message: { data, messageId: 'm-1' }, subscription: 'projects/canopy-local/subscriptions/order-events-push' });
const eventWith = (field: string) => (value: string) => envelope(Buffer.from(JSON.stringify({ ...EVENT, [field]: value })).toString('base64'));
const payment = (data: Record<string, unknown>) => ({ id: 'evt_1', type: 'payment.succeeded', data: { order_id: 1, amount: '10.00', currency: 'GBP', ...data } });

/** Every function, and the settings they run with here: throttle limits far above what is sent, a dispatch partner never reached, pushes signed by a local identity. */
export const FUNCTIONS = ['users', 'identity', 'orders', 'payments-webhook', 'order-events'];
const functionEnv = (push: LocalPushIdentity) => ({
  identity: { LOGIN_THROTTLE_ACCOUNT_ADDRESS: '1000000/900', LOGIN_THROTTLE_ACCOUNT: '1000000/900', LOGIN_THROTTLE_ADDRESS: '1000000/900' },
  'order-events': { DISPATCH_URL: 'http://127.0.0.1:9', ...push.consumerEnv },
});

/** Every function in one world, and each as a target; order-events' pushes carry a valid token, so their bodies are read. */
export async function startPathologicalWorld(): Promise<{ world: World; targets: Target[]; stop(): Promise<void> }> {
  const push = await startLocalPushIdentity();
  const world = await startWorld(FUNCTIONS, functionEnv(push));
  return {
    world,
    targets: targets(await csrfCookie(world.monolith.url), await push.token()),
    stop: async () => {
      await world.stop();
      await push.close();
    },
  };
}

/** Each function, with the fields its parsers strip or read with int(), and a second client's request. */
function targets(csrf: string, pushToken: string): Target[] {
  return [
    {
      name: 'users',
      method: 'GET',
      path: '/api/users/me/',
      headers: ALICE,
      fields: { username: (value) => ({ username: value }) },
      probe: { path: '/api/users/me/', headers: ALICE, status: 200 },
    },
    {
      name: 'identity',
      method: 'POST',
      path: '/api/auth/login/',
      headers: { Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf },
      fields: { username: (value) => ({ username: value, password: 'wrong' }), password: (value) => ({ username: 'alice', password: value }) },
      probe: { path: '/api/auth/session/', status: 200 },
    },
    {
      name: 'orders',
      method: 'POST',
      path: '/api/orders/',
      headers: ALICE,
      fields: Object.fromEntries(['quantity', 'site', 'product', 'window_start'].map((field) => [field, (value: string) => ({ ...ORDER, [field]: value })])),
      probe: { path: '/api/orders/', headers: ALICE, status: 200 },
    },
    {
      name: 'payments-webhook',
      method: 'POST',
      path: '/api/webhooks/payments/',
      headers: {},
      fields: { amount: (value) => payment({ amount: value }), order_id: (value) => payment({ order_id: value }), id: (value) => ({ ...payment({}), id: value }) },
      probe: { method: 'POST', path: '/api/webhooks/payments/', headers: { 'Content-Type': 'application/json' }, body: '{}', status: 400 },
    },
    {
      name: 'order-events',
      method: 'POST',
      path: '/',
      headers: { Authorization: `Bearer ${pushToken}` },
      fields: { data: envelope, quantity: eventWith('quantity'), postcode: eventWith('postcode'), event_id: eventWith('event_id') },
      probe: { method: 'POST', path: '/', headers: { Authorization: `Bearer ${pushToken}`, 'Content-Type': 'application/json' }, body: '{}', status: 400 },
    },
  ];
}
