-- The login throttle counts per account and client address pair too (README
-- "Login throttling"), and keys every count by the SHA-256 of its subject, so
-- an unbounded username or forwarded address cannot outgrow the index entry.
-- Counts kept under the old plain keys are dropped: at deploy, at most one
-- window's failures are forgiven.
delete from canopy.login_failures;
alter table canopy.login_failures
  drop constraint login_failures_scope_check,
  add constraint login_failures_scope_check check (scope in ('account_address', 'account', 'address')),
  add constraint login_failures_subject_is_sha256 check (subject ~ '^[0-9a-f]{64}$');
