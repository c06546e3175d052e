-- Observations fed from the load balancer's request logs (relay/observations)
-- carry the log entry's insertId, so a Pub/Sub redelivery is stored once.
alter table canopy.route_observations add column log_insert_id text;
create unique index route_observations_log_insert_id on canopy.route_observations (log_insert_id) where log_insert_id is not null;
