-- The transactional outbox (README "Async work"): a function writes an event
-- here in the same transaction as the row it describes, so the event exists
-- exactly when that row does; the relay (tools/relay) delivers it afterwards,
-- at least once, and marks it.
create table canopy.outbox (
  id bigserial primary key,
  event_id uuid not null unique,
  topic text not null,
  ordering_key text not null,
  -- The message data exactly as published (JSON text, so its bytes never change).
  payload text not null,
  attributes jsonb not null default '{}',
  created_at timestamptz not null default now(),
  -- Failed deliveries so far, and when the relay may try again (exponential backoff).
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  published_at timestamptz,
  -- Only without Pub/Sub: the relay gave up after the dead-letter policy's attempts.
  dead_lettered_at timestamptz,
  check (published_at is null or dead_lettered_at is null)
);
-- What the relay claims: pending rows, oldest first, and per ordering key
-- (a row waits while an earlier one of its key is pending).
create index outbox_pending on canopy.outbox (id) where published_at is null and dead_lettered_at is null;
create index outbox_pending_key on canopy.outbox (ordering_key, id) where published_at is null and dead_lettered_at is null;
create index outbox_dead_lettered on canopy.outbox (dead_lettered_at) where dead_lettered_at is not null;
create index outbox_published on canopy.outbox (published_at) where published_at is not null;

-- Wakes the relays when a transaction that wrote events commits (NOTIFY is
-- delivered at commit and never for a rolled-back transaction).
create function canopy.outbox_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('canopy_outbox', '');
  return null;
end
$$;
create trigger outbox_notify after insert on canopy.outbox for each statement execute function canopy.outbox_notify();

-- The order-events consumer: one row per event received, the dedupe key (an
-- event published twice arrives under two message ids) and its own count of
-- deliveries (the emulator's push envelope carries no deliveryAttempt).
create table canopy.event_deliveries (
  event_id uuid primary key,
  deliveries integer not null,
  first_at timestamptz not null default now(),
  last_at timestamptz not null default now()
);

-- Each effect of an event, applied once: database effects commit with their
-- row here; the external dispatch call holds a lease while it runs, so
-- concurrent deliveries of one event never call the partner together.
create table canopy.event_effects (
  event_id uuid not null,
  effect text not null check (effect in ('audit', 'dispatch', 'dispatch_failed')),
  applied_at timestamptz,
  lease_until timestamptz,
  -- Deliveries that tried it (the dispatch call; database effects succeed on their first).
  attempts integer not null default 0,
  last_error text,
  primary key (event_id, effect)
);
