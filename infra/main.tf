provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  # The routes manifest is the one source of truth: functions, routes, stages and weights.
  manifest = jsondecode(file("${path.module}/routes.json"))

  # A function with no route in the manifest is a Pub/Sub push consumer, reachable only internally.
  routed_functions = distinct([for route in local.manifest.routes : route.function])

  # The owner's DATABASE_URL: only Cloud Build's db-migrate and modes steps read it.
  owner_database_secret = "DATABASE_URL"

  functions = {
    for name, spec in local.manifest.functions : name => {
      memory        = spec.memory
      cpu           = "${spec.cpu * 1000}m"
      concurrency   = spec.concurrency
      max_instances = spec.maxInstances
      # Behind a transaction pooler: a connection per concurrent request, so postgres.js never pipelines (tools/db-pools.ts).
      db_pool_size = var.db_pooling.mode == "transaction" ? spec.concurrency + 1 : spec.dbPoolSize
      routed       = contains(local.routed_functions, name)
      # Environment variable => secret (module.secrets key): the function's own DATABASE_URL, as
      # its database role (tools/db-roles.ts), then the secrets its manifest entry lists.
      secrets = merge(
        { DATABASE_URL = "${upper(replace(name, "-", "_"))}_DATABASE_URL" },
        { for secret in spec.secrets : secret => secret },
      )
    }
  }

  routes = [
    for route in local.manifest.routes : {
      id            = route.id
      function      = route.function
      path_template = route.pathTemplate
      methods       = route.methods
      stage         = route.stage
      weight        = route.weight
    }
  ]
}

module "secrets" {
  source = "./modules/secrets"

  # Every secret a function may need exists before the function does, so its version can be added first.
  names = distinct(concat([local.owner_database_secret], flatten([for f in values(local.functions) : values(f.secrets)])))
}

module "function" {
  source   = "./modules/function-service"
  for_each = local.functions

  name       = each.key
  region     = var.region
  spec       = each.value
  secret_ids = { for env, secret in each.value.secrets : env => module.secrets.ids[secret] }
  # Shadow and bypass modes forward to the monolith.
  env = merge(
    { MONOLITH_URL = "https://${var.monolith.fqdn}:${var.monolith.port}" },
    # Behind a transaction pooler: postgres.js without named prepared statements (shared/config.ts).
    var.db_pooling.mode == "transaction" ? { DB_POOLING = "transaction" } : {},
    lookup(var.function_env, each.key, {}),
  )
  cloud_sql_instance  = var.cloud_sql_instance
  deletion_protection = var.deletion_protection
}

module "load_balancer" {
  source = "./modules/load-balancer"

  region    = var.region
  domains   = var.domains
  monolith  = var.monolith
  functions = { for name, f in local.functions : name => module.function[name].service_name if f.routed }
  routes    = local.routes
  armor     = var.armor
}

module "pubsub" {
  source = "./modules/pubsub"

  project_id = var.project_id
  region     = var.region
  topics     = var.event_topics
  consumers  = { for name, f in local.functions : name => module.function[name].service if !f.routed }
  publishers = [for name in var.event_publishers : module.function[name].service_account_email if contains(keys(local.functions), name)]
}

module "monitoring" {
  source = "./modules/monitoring"

  project_id            = var.project_id
  functions             = keys(local.functions)
  notification_channels = var.alert_notification_channels
  error_rate_threshold  = var.error_rate_threshold
  latency_p99_threshold = var.latency_p99_threshold_ms
}

module "billing" {
  source = "./modules/billing"

  project_id           = var.project_id
  location             = var.bigquery_location
  functions            = keys(local.functions)
  billing_export_table = var.billing_export_table
  create_view          = var.create_cost_view
}

module "build_trigger" {
  source = "./modules/build-trigger"

  project_id      = var.project_id
  region          = var.region
  github          = var.github
  worker_pool     = var.worker_pool
  tf_state_bucket = var.tf_state_bucket
}
