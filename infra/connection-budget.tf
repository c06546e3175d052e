# Every function instance opens up to dbPoolSize connections, and a function can
# run maxInstances instances: their product, summed over the manifest, plus the
# monolith's own connections and the server's reserved ones, must fit under
# Cloud SQL's max_connections or cold starts fail with "too many clients".
locals {
  db_connections = {
    functions = sum(concat([0], [for f in local.functions : f.db_pool_size * f.max_instances]))
    monolith  = var.db_monolith_connections
    reserved  = var.db_reserved_connections
  }
  db_connections_total = local.db_connections.functions + local.db_connections.monolith + local.db_connections.reserved
}

# A precondition, not a check block: a check only warns, this fails the plan.
resource "terraform_data" "db_connection_budget" {
  input = local.db_connections

  lifecycle {
    precondition {
      condition     = local.db_connections_total <= var.db_max_connections
      error_message = "Database connection budget exceeded: functions ${local.db_connections.functions} (sum of dbPoolSize * maxInstances in infra/routes.json) + monolith ${local.db_connections.monolith} + reserved ${local.db_connections.reserved} = ${local.db_connections_total} > db_max_connections ${var.db_max_connections}. Lower dbPoolSize or maxInstances in the manifest, or raise Cloud SQL's max_connections flag and db_max_connections."
    }
  }
}
