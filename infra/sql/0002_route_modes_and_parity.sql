-- The kill switch and shadow mode: each route's mode, re-read by every
-- instance every few seconds (no deploy, no load-balancer change).
create table canopy.route_modes (
  route_id text primary key,
  mode text not null check (mode in ('serve', 'shadow', 'bypass')),
  reason text not null default '',
  updated_at timestamptz not null default now()
);

-- One row per shadowed request: did the function agree with the monolith.
-- Requests are stored redacted (no secrets), enough to replay as curl.
create table canopy.parity_results (
  id bigserial primary key,
  route_id text not null,
  recorded_at timestamptz not null default now(),
  method text not null,
  agreed boolean not null,
  differences jsonb not null default '[]',
  noise jsonb not null default '[]',
  monolith_status integer not null,
  function_status integer,
  monolith_ms double precision not null,
  function_ms double precision,
  request jsonb not null
);
create index parity_results_route_time on canopy.parity_results (route_id, recorded_at);

-- Field paths seen differing between two monolith answers to one request.
create table canopy.parity_noise (
  route_id text primary key,
  model jsonb not null,
  updated_at timestamptz not null default now()
);

-- What the load balancer saw per route and backend, for the rollout gates.
create table canopy.route_observations (
  id bigserial primary key,
  route_id text not null,
  backend text not null,
  status integer not null,
  latency_ms double precision not null,
  observed_at timestamptz not null default now()
);
create index route_observations_route_time on canopy.route_observations (route_id, observed_at);
