provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  # The routes manifest is the one source of truth: functions, routes, stages and weights.
  manifest = jsondecode(file("${path.module}/routes.json"))

  # A function with no route in the manifest is a Pub/Sub push consumer, reachable only internally.
  routed_functions = distinct([for route in local.manifest.routes : route.function])

  # The owner's DATABASE_URL: only Cloud Build's db-migrate and modes steps, and the relay, read it.
  owner_database_secret = "DATABASE_URL"

  # Functions with a route in shadow: billed per instance whatever the manifest says (tools/manifest.ts billingOf).
  shadowed_functions = distinct([for route in local.manifest.routes : route.function if route.stage == "shadow"])

  functions = {
    for name, spec in local.manifest.functions : name => {
      memory        = spec.memory
      cpu           = "${spec.cpu * 1000}m"
      concurrency   = spec.concurrency
      max_instances = spec.maxInstances
      # Behind a transaction pooler: a connection per concurrent request, so postgres.js never pipelines (tools/db-pools.ts).
      # A streaming function LISTENs, which a transaction pooler cannot carry: it connects directly, with its own pool.
      pooled       = var.db_pooling.mode == "transaction" && !can(spec.stream.lifetimeSeconds)
      db_pool_size = var.db_pooling.mode == "transaction" && !can(spec.stream.lifetimeSeconds) ? spec.concurrency + 1 : spec.dbPoolSize
      routed       = contains(local.routed_functions, name)
      # A streaming function (its manifest `stream`): streams end after their lifetime and the client
      # reconnects; the request timeout leaves a minute above it. Others keep Cloud Run's default.
      timeout_seconds = try(spec.stream.lifetimeSeconds + 60, 300)
      # ...and it LISTENs on one connection per instance beside its pool (functions/order-stream/hub.ts).
      listen_connections = can(spec.stream.lifetimeSeconds) ? 1 : 0
      stream_lifetime_ms = can(spec.stream.lifetimeSeconds) ? spec.stream.lifetimeSeconds * 1000 : null
      # Environment variable => secret (module.secrets key): the function's own DATABASE_URL, as
      # its database role (tools/db-roles.ts), then the secrets its manifest entry lists.
      secrets = merge(
        { DATABASE_URL = "${upper(replace(name, "-", "_"))}_DATABASE_URL" },
        { for secret in spec.secrets : secret => secret },
        # A routed function's shadow and bypass modes forward to the monolith's origin, which requires the token.
        contains(local.routed_functions, name) ? { ORIGIN_TOKEN = "ORIGIN_TOKEN" } : {},
      )
      # Shadow comparisons and dry runs run after the answer: request-based billing would throttle them.
      billing = contains(local.shadowed_functions, name) ? "instance" : spec.billing
    }
  }

  # Each function's OIDC audience (its Cloud Run custom audience); a push subscription's token is minted for it.
  audiences = { for name in keys(local.manifest.functions) : name => "canopy-${name}" }

  # The account Pub/Sub signs push tokens as (made in modules/pubsub with this id): a push consumer applies
  # only pushes whose token names it. An account's email is <id>@<project>.iam.gserviceaccount.com.
  push_service_account_id    = "canopy-pubsub-push"
  push_service_account_email = "${local.push_service_account_id}@${var.project_id}.iam.gserviceaccount.com"

  # Each function container's plain environment, all of it (its secrets come on top, from Secret Manager):
  # one value, so a test can render exactly what a service gets with `terraform console`.
  container_env = {
    for name, f in local.functions : name => merge(
      {
        DB_POOL_MAX = tostring(f.db_pool_size)
        # Shadow and bypass modes forward to the monolith.
        MONOLITH_URL = "https://${var.monolith.fqdn}:${var.monolith.port}"
      },
      # Behind a transaction pooler: postgres.js without named prepared statements (shared/config.ts).
      f.pooled ? { DB_POOLING = "transaction" } : {},
      f.stream_lifetime_ms == null ? {} : { STREAM_LIFETIME_MS = tostring(f.stream_lifetime_ms) },
      # A push consumer checks each push's token itself (Google's keys): its audience and signer.
      f.routed ? {} : { PUSH_AUDIENCE = local.audiences[name], PUSH_SERVICE_ACCOUNT = local.push_service_account_email },
      lookup(var.function_env, name, {}),
    )
  }

  # Pub/Sub topics by name, each pushed to the function whose manifest entry lists it in "topics".
  event_topics = merge([
    for name, spec in local.manifest.functions : { for topic in lookup(spec, "topics", []) : topic => { consumer = name, push_path = "/" } }
  ]...)

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

  # Every secret a function may need exists before the function does, so its version can be added first;
  # ORIGIN_TOKEN is the load balancer's, for the monolith's origin (below).
  names = distinct(concat([local.owner_database_secret], flatten([for f in values(local.functions) : values(f.secrets)]), ["ORIGIN_TOKEN"]))

  depends_on = [google_project_service.this]
}

module "function" {
  source   = "./modules/function-service"
  for_each = local.functions

  name                = each.key
  region              = var.region
  spec                = each.value
  audience            = local.audiences[each.key]
  secret_ids          = { for env, secret in each.value.secrets : env => module.secrets.ids[secret] }
  env                 = local.container_env[each.key]
  cloud_sql_instance  = var.cloud_sql_instance
  deletion_protection = var.deletion_protection
  deployer            = module.build_trigger.build_member

  depends_on = [google_project_service.this]
}

# The monolith's origin is on the internet (an internet NEG): the load balancer adds this token to
# every request it sends there, and the monolith refuses requests without it, so Cloud Armor cannot
# be bypassed by calling the origin directly (infra/README.md, "The edge"). Unlike the other
# secrets its value is in the backend service and so in the state.
data "google_secret_manager_secret_version" "origin_token" {
  secret = module.secrets.ids["ORIGIN_TOKEN"]
}

module "load_balancer" {
  source = "./modules/load-balancer"

  region       = var.region
  domains      = var.domains
  monolith     = var.monolith
  origin_token = data.google_secret_manager_secret_version.origin_token.secret_data
  functions    = { for name, f in local.functions : name => module.function[name].service_name if f.routed }
  routes       = local.routes
  docs_service = module.docs.service_name
  armor        = var.armor
  tester_key   = var.tester_route_key

  monolith_log_sample_rate = var.monolith_log_sample_rate

  depends_on = [google_project_service.this]
}

module "pubsub" {
  source = "./modules/pubsub"

  project_id = var.project_id
  region     = var.region
  topics     = local.event_topics
  consumers  = { for name, f in local.functions : name => module.function[name].service if !f.routed }
  deployer   = module.build_trigger.build_member
  # The same id the consumers' PUSH_SERVICE_ACCOUNT is made from.
  push_service_account_id = local.push_service_account_id

  depends_on = [google_project_service.this]
}

# The outbox relay: the one publisher of the event topics (README "Async work").
module "relay" {
  source = "./modules/relay-service"

  project_id = var.project_id
  region     = var.region
  # DATABASE_URL only: the relay reads no session, so no SECRET_KEY.
  secret_ids     = { DATABASE_URL = module.secrets.ids["DATABASE_URL"] }
  publish_topics = module.pubsub.topics
  # The relay also feeds the rollout gates from the load balancer's request logs.
  observation_subscription = module.load_balancer.request_log_subscription
  env                      = var.relay_env
  db_pool_size             = var.relay_db_pool_size
  cloud_sql_instance       = var.cloud_sql_instance
  deletion_protection      = var.deletion_protection
  deployer                 = module.build_trigger.build_member

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
  # The rollout account reads DATABASE_URL, as the functions do.
  database_url_secret_id = module.secrets.ids["DATABASE_URL"]

  depends_on = [google_project_service.this]
}
