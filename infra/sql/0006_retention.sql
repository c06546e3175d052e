-- The relay prunes expired rows in small batches (README "Retention"); each
-- table it prunes gets an index on the age it is pruned by, so a batch finds
-- its rows without scanning the table.
create index parity_results_recorded on canopy.parity_results (recorded_at);
create index route_observations_observed on canopy.route_observations (observed_at);
create index idempotency_keys_created on canopy.idempotency_keys (created_at);
create index event_deliveries_last on canopy.event_deliveries (last_at);
