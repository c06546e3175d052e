import { noSuchObject } from '../../shared/http/errors.ts';
import { DETAIL, detailResponse } from '../../shared/drf/operation.ts';
import { jsonResponse } from '../../shared/http/render.ts';
import type { ApiView } from '../../shared/drf/view.ts';
import type { WebhookConfig } from './config.ts';
import { precheck, recordPayment } from './payments.ts';
import { djangoBody, jsonRequestData } from './request-body.ts';
import { paymentDataSerializer, readEvent, webhookEventSerializer } from './serializers.ts';
import { verify } from './signature.ts';

/**
 * POST /api/webhooks/payments/ — PaymentWebhookView: authenticated by the HMAC signature only
 * (no authenticators, so no CSRF either), JSONParser only, idempotent on the event id.
 */
export function paymentWebhookView(config: WebhookConfig): ApiView {
  return {
    name: 'Payment Webhook',
    description: 'Events from the payment provider, authenticated by their HMAC signature only.',
    permissions: [],
    noAuthenticators: true,
    parses: ['application/json'],
    handlers: {
      post: async ({ req, sql }) => {
        const failure = verify(req.headers['payment-signature'], djangoBody(req), config.secret, Date.now() / 1000);
        if (failure) return jsonResponse(400, { detail: failure });
        const event = await readEvent(jsonRequestData(req));
        if (!event) return jsonResponse(200, { status: 'ignored' });
        const state = await precheck(sql, event);
        // django.shortcuts.get_object_or_404(Order, pk=...): Django's Http404 with its message.
        if (state === 'unknown order') throw noSuchObject('Order');
        const status = state === 'duplicate' ? state : await recordPayment(sql, event);
        return jsonResponse(200, { status });
      },
    },
    schema: {
      post: {
        summary: 'A payment provider event',
        description: 'Only `payment.succeeded` events are applied (they need `data`); any other type is acknowledged and ignored.',
        headers: { 'Payment-Signature': { description: '`t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, at most 300 s old.', required: true } },
        body: { name: 'PaymentEvent', fields: webhookEventSerializer.fields, nested: { data: paymentDataSerializer.fields } },
        responses: {
          200: {
            description: 'Applied (`processed`), seen before (`duplicate`), or not a payment (`ignored`).',
            json: { type: 'object', properties: { status: { enum: ['processed', 'duplicate', 'ignored'], type: 'string' } }, required: ['status'], additionalProperties: false },
          },
          400: { description: 'A missing, stale or wrong signature (`detail`), or the event\'s field errors.', json: DETAIL },
          404: detailResponse('The event names an order that does not exist.'),
        },
      },
    },
  };
}
