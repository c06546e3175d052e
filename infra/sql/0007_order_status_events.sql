-- Order status events (README "Live order status"): one row per status change
-- of an order (created, paid, dispatched, dispatch_failed), written in the
-- transaction that makes the change, so an event exists exactly when the change
-- does. Its id is the Server-Sent Events id a client resumes from
-- (Last-Event-ID); writers of one order take the order's advisory lock before
-- inserting (shared/events/order-status.ts), so within an order ids grow in
-- commit order and an id a client has seen is never followed by a lower one.
create table canopy.order_events (
  id bigserial primary key,
  order_id bigint not null,
  event text not null check (event in ('created', 'paid', 'dispatched', 'dispatch_failed')),
  -- The order's status once the change committed.
  status text not null,
  data jsonb not null default '{}',
  created_at timestamptz not null default clock_timestamp()
);
-- A stream's catch-up: the order's events after the one a client saw.
create index order_events_order on canopy.order_events (order_id, id);
-- The relay's pruning (relay/retention.ts), as every growing table.
create index order_events_created on canopy.order_events (created_at);

-- An event as a stream sends it, one definition for the notification and the
-- catch-up query (the time in UTC whatever the session's time zone).
create function canopy.order_event_json(e canopy.order_events) returns json language sql stable as $$
  select json_build_object(
    'id', e.id, 'order', e.order_id, 'event', e.event, 'status', e.status, 'data', e.data,
    'at', to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
$$;

-- Wakes the order-stream instances at commit (never for a rolled-back change):
-- the event itself rides in the payload, so fanning it out to an instance's
-- clients reads nothing from the database.
create function canopy.order_events_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('canopy_order_events', canopy.order_event_json(new)::text);
  return null;
end
$$;
create trigger order_events_notify after insert on canopy.order_events for each row execute function canopy.order_events_notify();
