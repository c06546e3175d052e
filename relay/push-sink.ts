import { utcIsoformat } from '../shared/drf/fields.ts';
import { pushEnvelope } from '../shared/events/push-envelope.ts';
import { pushTokenSigner, type PushClaims, type PushSigningJwk } from './push-token.ts';
import type { Sink, RetryPolicy } from './sink.ts';

// The answers a push subscription takes as an acknowledgement.
const ACK_STATUSES = new Set([102, 200, 201, 202, 204]);

/**
 * Without Pub/Sub: POSTs the push envelope a subscription named
 * `<topic>-push` would send straight to the consumer, with deliveryAttempt
 * counted by the outbox, and the subscription's retry and dead-letter policy
 * applied by the relay. The outbox row id is the message id. Each push
 * carries an OIDC token signed with `signingKey` for `claims`, as the push
 * subscription's would be: the consumer refuses unsigned pushes.
 */
export function pushSink(options: { pushUrl: string; project: string; timeoutMs: number; retry: RetryPolicy; signingKey: PushSigningJwk; claims: PushClaims }): Sink {
  const token = pushTokenSigner(options.signingKey, options.claims);
  return {
    retry: options.retry,
    async deliver(row) {
      const envelope = pushEnvelope(
        {
          data: row.payload,
          attributes: row.attributes,
          messageId: String(row.id),
          publishTime: utcIsoformat(row.created_at),
          orderingKey: row.ordering_key,
        },
        `projects/${options.project}/subscriptions/${row.topic}-push`,
        row.attempts + 1,
      );
      const authorization = `Bearer ${await token()}`;
      let status: number;
      try {
        const response = await fetch(options.pushUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: authorization },
          body: JSON.stringify(envelope),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch (error) {
        throw new Error((error as Error).name === 'TimeoutError' ? 'push timed out' : 'push endpoint unreachable');
      }
      if (!ACK_STATUSES.has(status)) throw new Error(`push answered ${status}`);
    },
    close: async () => {},
  };
}
