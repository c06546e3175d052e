# The database connection budget, counted at its worst moment: a deploy.
#
# - Functions: each instance opens up to dbPoolSize connections (a streaming
#   function one more, its LISTEN connection) and a revision
#   runs up to maxInstances instances. maxInstances is per revision, and during
#   a deploy the serving revision and the new tagged one both run (the old one
#   keeps its instances until traffic has moved), so every function counts twice.
#   Shadow dry runs add nothing: they run in a transaction on the function's own
#   pool (shared/modes/shadow.ts).
# - The outbox relay (modules/relay-service): one instance (min = max = 1)
#   with a pool of var.relay_db_pool_size (its RELAY_DB_POOL_MAX, set from the
#   same variable) and one LISTEN connection; twice, as its deploy overlaps
#   two revisions for a moment.
# - Tools: Cloud Build's db-migrate and modes steps, and the rollout and parity
#   tools an operator may run meanwhile (var.db_tool_connections).
# - The monolith's own connections and the server's reserved ones.
#
# With a transaction pooler in front of PostgreSQL (var.db_pooling) the functions
# hold pooler connections instead; the server sees only the pooler's pools, one
# per function role (database and user pair), whichever revisions run. The relay
# (LISTEN), a streaming function (LISTEN: its pool and LISTEN connection are
# counted as without a pooler) and the tools (DDL, migrations) keep connecting directly.
locals {
  db_revisions_during_deploy = 2

  # Functions that connect directly: all of them, or behind a transaction pooler the streaming ones (they LISTEN).
  db_function_connections_per_revision = sum(concat([0], [for f in local.functions : (f.db_pool_size + f.listen_connections) * f.max_instances if !f.pooled]))
  db_pooled_functions                  = length([for f in local.functions : f if f.pooled])

  # relay/relay.ts LISTENs on a connection of its own, beside its pool.
  db_relay_connections_per_revision = var.relay_db_pool_size + 1

  db_connections = {
    functions = (var.db_pooling.server_connections_per_role * local.db_pooled_functions
    + local.db_function_connections_per_revision * local.db_revisions_during_deploy)
    relay    = local.db_relay_connections_per_revision * local.db_revisions_during_deploy
    tools    = sum(concat([0], values(var.db_tool_connections)))
    monolith = var.db_monolith_connections
    reserved = var.db_reserved_connections
  }
  db_connections_total = sum(values(local.db_connections))

  # How the functions' figure was reached, for the error message and the output.
  db_functions_arithmetic = (var.db_pooling.mode == "transaction"
    ? "${var.db_pooling.server_connections_per_role} pooler server connections x ${local.db_pooled_functions} function roles${local.db_function_connections_per_revision > 0 ? " + ${local.db_function_connections_per_revision} direct per revision (streaming functions: dbPoolSize + LISTEN) x ${local.db_revisions_during_deploy} revisions" : ""}"
  : "${local.db_function_connections_per_revision} per revision (sum of (dbPoolSize + LISTEN) * maxInstances in infra/routes.json) x ${local.db_revisions_during_deploy} revisions during a deploy")
}

# A precondition, not a check block: a check only warns, this fails the plan.
resource "terraform_data" "db_connection_budget" {
  input = local.db_connections

  lifecycle {
    precondition {
      condition     = local.db_connections_total <= var.db_max_connections
      error_message = "Database connection budget exceeded during a deploy: functions ${local.db_connections.functions} (${local.db_functions_arithmetic}) + relay ${local.db_connections.relay} (pool ${var.relay_db_pool_size} + 1 LISTEN, x ${local.db_revisions_during_deploy}) + tools ${local.db_connections.tools} + monolith ${local.db_connections.monolith} + reserved ${local.db_connections.reserved} = ${local.db_connections_total} > db_max_connections ${var.db_max_connections}. Lower dbPoolSize or maxInstances in the manifest (or relay_db_pool_size), put a transaction pooler in front (db_pooling), or raise Cloud SQL's max_connections flag and db_max_connections."
    }
  }
}
