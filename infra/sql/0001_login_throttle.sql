-- Failed logins per account and per client address, in fixed windows. Shared
-- by every instance of the identity function (Django's monolith has no such
-- throttle; see README "Beyond Django").
create table canopy.login_failures (
  scope text not null check (scope in ('account', 'address')),
  subject text not null,
  window_start timestamptz not null,
  failures integer not null,
  primary key (scope, subject)
);
create index login_failures_window on canopy.login_failures (window_start);
