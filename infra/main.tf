provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  # The routes manifest is the one source of truth: functions, routes, stages and weights.
  manifest = jsondecode(file("${path.module}/routes.json"))

  # A function with no route in the manifest is a Pub/Sub push consumer, reachable only internally.
  routed_functions = distinct([for route in local.manifest.routes : route.function])

  # Functions with a route in shadow: billed per instance whatever the manifest says (tools/manifest.ts billingOf).
  shadowed_functions = distinct([for route in local.manifest.routes : route.function if route.stage == "shadow"])

  # shared/config.ts requires DATABASE_URL and SECRET_KEY in every function.
  base_secrets = ["DATABASE_URL", "SECRET_KEY"]

  functions = {
    for name, spec in local.manifest.functions : name => {
      memory        = spec.memory
      cpu           = "${spec.cpu * 1000}m"
      concurrency   = spec.concurrency
      max_instances = spec.maxInstances
      db_pool_size  = spec.dbPoolSize
      routed        = contains(local.routed_functions, name)
      secrets       = concat(local.base_secrets, lookup(var.function_extra_secrets, name, []))
      # Shadow comparisons and dry runs run after the answer: request-based billing would throttle them.
      billing = contains(local.shadowed_functions, name) ? "instance" : spec.billing
    }
  }

  # Each function container's plain environment, all of it (its secrets come on top, from Secret Manager):
  # one value, so a test can render exactly what a service gets with `terraform console`.
  container_env = {
    for name, f in local.functions : name => merge(
      {
        DB_POOL_MAX = tostring(f.db_pool_size)
        # Shadow and bypass modes forward to the monolith.
        MONOLITH_URL = "https://${var.monolith.fqdn}:${var.monolith.port}"
      },
      lookup(var.function_env, name, {}),
    )
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
  names = distinct(concat(local.base_secrets, flatten(values(var.function_extra_secrets))))

  depends_on = [google_project_service.this]
}

module "function" {
  source   = "./modules/function-service"
  for_each = local.functions

  name                = each.key
  region              = var.region
  spec                = each.value
  secret_ids          = { for env in each.value.secrets : env => module.secrets.ids[env] }
  env                 = local.container_env[each.key]
  cloud_sql_instance  = var.cloud_sql_instance
  deletion_protection = var.deletion_protection
  deployer            = module.build_trigger.build_member

  depends_on = [google_project_service.this]
}

module "load_balancer" {
  source = "./modules/load-balancer"

  region     = var.region
  domains    = var.domains
  monolith   = var.monolith
  functions  = { for name, f in local.functions : name => module.function[name].service_name if f.routed }
  routes     = local.routes
  armor      = var.armor
  tester_key = var.tester_route_key

  depends_on = [google_project_service.this]
}

module "pubsub" {
  source = "./modules/pubsub"

  project_id = var.project_id
  region     = var.region
  topics     = var.event_topics
  consumers  = { for name, f in local.functions : name => module.function[name].service if !f.routed }
  deployer   = module.build_trigger.build_member

  depends_on = [google_project_service.this]
}

# The outbox relay: the one publisher of the event topics (README "Async work").
module "relay" {
  source = "./modules/relay-service"

  project_id = var.project_id
  region     = var.region
  # DATABASE_URL only: the relay reads no session, so no SECRET_KEY.
  secret_ids          = { DATABASE_URL = module.secrets.ids["DATABASE_URL"] }
  publish_topics      = module.pubsub.topics
  env                 = var.relay_env
  cloud_sql_instance  = var.cloud_sql_instance
  deletion_protection = var.deletion_protection
  deployer            = module.build_trigger.build_member

  depends_on = [google_project_service.this]
}

module "monitoring" {
  source = "./modules/monitoring"

  project_id            = var.project_id
  functions             = keys(local.functions)
  notification_channels = var.alert_notification_channels
  error_rate_threshold  = var.error_rate_threshold
  latency_p99_threshold = var.latency_p99_threshold_ms

  depends_on = [google_project_service.this]
}

module "billing" {
  source = "./modules/billing"

  project_id           = var.project_id
  location             = var.bigquery_location
  functions            = keys(local.functions)
  billing_export_table = var.billing_export_table
  create_view          = var.create_cost_view
  dataset_owner        = module.build_trigger.build_member

  depends_on = [google_project_service.this]
}

module "build_trigger" {
  source = "./modules/build-trigger"

  project_id         = var.project_id
  region             = var.region
  github             = var.github
  worker_pool        = var.worker_pool
  tf_state_bucket    = var.tf_state_bucket
  cloud_sql_instance = var.cloud_sql_instance

  depends_on = [google_project_service.this]
}
