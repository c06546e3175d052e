/**
 * The bench's push identity: order-events refuses pushes without a valid
 * OIDC token, so the bench runs it trusting a local key (as `npm start` does)
 * and its cold-start probe carries a token signed with that key.
 */
import { startLocalPushIdentity, type LocalPushIdentity } from '../pubsub/push-identity.ts';
import { onCleanup } from './cleanup.ts';

let identity: Promise<LocalPushIdentity> | null = null;

/** Started once per bench run, stopped with everything else the bench started. */
export function benchPushIdentity(): Promise<LocalPushIdentity> {
  identity ??= startLocalPushIdentity().then((started) => {
    onCleanup('the push identity', () => started.close());
    return started;
  });
  return identity;
}
