/**
 * Where Canopy's API reference and DRF 3.14's `manage.py generateschema`
 * (for the same views of the monolith) deliberately disagree, each with why.
 * Everything else must agree (test/openapi/drf-agreement.test.ts): a new
 * difference fails it, and so does an entry here that no longer differs.
 * In every case below Canopy's side is what the monolith actually answers,
 * which test/openapi/live-answers.test.ts checks against Django itself.
 *
 * Beyond these facts: DRF 3.14 documents no error answers at all (Canopy
 * documents each view's, checked against Django's real error answers), no
 * request headers (Idempotency-Key, Payment-Signature) and no security
 * schemes; and neither side documents HEAD or OPTIONS.
 */
import type { Difference } from './compare.ts';

export interface DeliberateDifference {
  why: string;
  differences: Difference[];
}

const d = (key: string, drf: string | null, canopy: string | null): Difference => ({ key, drf, canopy });

/** An operation Canopy serves and the monolith does not have at all: nothing of DRF's to compare it with. */
export interface BeyondDjango {
  operation: string;
  why: string;
}

/** Left out of the comparison; one that DRF comes to document is compared again, and listed as stale until it is removed here. */
export const BEYOND_DJANGO: BeyondDjango[] = [
  {
    operation: 'GET /api/orders/{id}/events/',
    why:
      'A new route (live order status as Server-Sent Events, served by order-stream): the monolith has no view for it, so generateschema has nothing to say. ' +
      "Its refusals are the detail's (GET /api/orders/{id}/), which is compared.",
  },
];

export const DELIBERATE_DIFFERENCES: DeliberateDifference[] = [
  {
    why:
      'An APIView without serializer_class gives AutoSchema nothing to read: it documents an empty body, and 201 for every POST. ' +
      'The views answer 200 (login, webhook) and 204 (logout, no body), and validate a LoginSerializer and the webhook event serializers, which Canopy documents.',
    differences: [
      d('POST /api/auth/login/ request', 'any', 'object'),
      d('POST /api/auth/login/ response 200', null, 'object'),
      d('POST /api/auth/login/ response 201', 'any', null),
      d('POST /api/auth/login/ success', '201', '200'),
      d('POST /api/auth/logout/ request', 'any', null),
      d('POST /api/auth/logout/ request media types', 'application/json, application/x-www-form-urlencoded, multipart/form-data', null),
      d('POST /api/auth/logout/ response 201', 'any', null),
      d('POST /api/auth/logout/ response 204', null, 'no body'),
      d('POST /api/auth/logout/ success', '201', '204'),
      d('POST /api/webhooks/payments/ request', 'any', 'object'),
      d('POST /api/webhooks/payments/ response 200', null, 'object'),
      d('POST /api/webhooks/payments/ response 201', 'any', null),
      d('POST /api/webhooks/payments/ success', '201', '200'),
    ],
  },
  {
    why: "AutoSchema guesses a GET on an APIView is a list; SessionView answers one object, {is_authenticated, user}.",
    differences: [d('GET /api/auth/session/ response 200', 'array', 'object')],
  },
  {
    why:
      "Order.customer and the site field are rendered as the related row's integer pk. AutoSchema says string because the read-only customer field " +
      'has no queryset and CustomerSiteField builds its queryset per request (get_queryset), so map_field cannot see an AutoField pk.',
    differences: [
      d('GET /api/orders/ response 200.results[].customer', 'string', 'integer'),
      d('GET /api/orders/ response 200.results[].site', 'string', 'integer'),
      d('GET /api/orders/{id}/ response 200.customer', 'string', 'integer'),
      d('GET /api/orders/{id}/ response 200.site', 'string', 'integer'),
      d('POST /api/orders/ request.site', 'string required', 'integer required'),
      d('POST /api/orders/ response 201.customer', 'string', 'integer'),
      d('POST /api/orders/ response 201.site', 'string', 'integer'),
    ],
  },
  {
    why: "The list's filters (?status=, ?product=, ?site=) are validated by OrderListFilterSerializer inside get_queryset, where AutoSchema does not look.",
    differences: [
      d('GET /api/orders/ query.product', null, 'string [diesel, petrol, adblue, ev_charge]'),
      d('GET /api/orders/ query.site', null, 'integer'),
      d('GET /api/orders/ query.status', null, 'string [pending, confirmed, dispatched, delivered, cancelled]'),
    ],
  },
  {
    why: 'DRF 3.14 lists filter parameters on retrieve too; ordering one object changes nothing, so Canopy documents ?ordering= on the list only.',
    differences: [d('GET /api/orders/{id}/ query.ordering', 'string', null)],
  },
];
