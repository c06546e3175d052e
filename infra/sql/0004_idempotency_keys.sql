-- Idempotency-Key on POST /api/orders/ (beyond Django; README "Idempotent order
-- creation"): per user and key, a digest of the first request and the answer it
-- got. The orders function inserts the row in the order's own transaction, so the
-- primary key makes a concurrent duplicate wait for the first and then replay its
-- answer; status and body are set before that transaction commits, so no other
-- transaction ever sees them empty. A key older than 24 hours is claimed afresh.
create table canopy.idempotency_keys (
  user_id integer not null,
  key text not null,
  fingerprint text not null,
  status integer,
  body bytea,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);
