variable "project_id" {
  type        = string
  description = "Google Cloud project that runs Canopy."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6-30 lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run services, serverless NEGs and the build's worker pool."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "domains" {
  type        = list(string)
  description = "Host names the load balancer serves; each gets a Google-managed certificate. Point their DNS at the load_balancer_ip output."

  validation {
    condition     = length(var.domains) > 0 && alltrue([for d in var.domains : can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", d))])
    error_message = "domains must list at least one lower-case host name such as api.example.com."
  }
}

variable "monolith" {
  type = object({
    fqdn = string
    port = optional(number, 443)
  })
  description = "Where the Django monolith answers (an internet NEG origin, reached over HTTPS): the URL map's default service."

  validation {
    condition     = can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", var.monolith.fqdn)) && var.monolith.port >= 1 && var.monolith.port <= 65535
    error_message = "monolith.fqdn must be a host name and monolith.port a TCP port."
  }
}

variable "function_env" {
  type        = map(map(string))
  description = "Plain (non-secret) environment variables by function name: at least the settings each function's manifest entry lists under \"env\" (infra/routes.json; the plan fails without them). Every function also gets MONOLITH_URL from var.monolith."
  default     = {}

  validation {
    condition     = alltrue(flatten([for fn, vars in var.function_env : [for name, _ in vars : can(regex("^[A-Z][A-Z0-9_]*$", name))]]))
    error_message = "function_env must map function names to environment variable names in upper case."
  }
}

variable "cloud_sql_instance" {
  type        = string
  description = "Connection name of the monolith's Cloud SQL for PostgreSQL instance (project:region:instance); mounted into every function at /cloudsql."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*:[a-z]+-[a-z]+[0-9]+:[a-z][a-z0-9-]*$", var.cloud_sql_instance))
    error_message = "cloud_sql_instance must be a connection name: project:region:instance."
  }
}

variable "db_max_connections" {
  type        = number
  description = "The Cloud SQL instance's max_connections flag: the budget that functions, the monolith and reserved connections share."

  validation {
    condition     = var.db_max_connections >= 25 && floor(var.db_max_connections) == var.db_max_connections
    error_message = "db_max_connections must be a whole number of at least 25 (Cloud SQL's minimum)."
  }
}

variable "db_monolith_connections" {
  type        = number
  description = "Connections kept for the monolith: gunicorn workers times instances (Django opens one per worker)."

  validation {
    condition     = var.db_monolith_connections >= 0 && floor(var.db_monolith_connections) == var.db_monolith_connections
    error_message = "db_monolith_connections must be a whole number, 0 or more."
  }
}

variable "db_reserved_connections" {
  type        = number
  description = "Connections the server keeps back: superuser_reserved_connections plus Cloud SQL's maintenance and your admin sessions."
  default     = 10

  validation {
    condition     = var.db_reserved_connections >= 3 && floor(var.db_reserved_connections) == var.db_reserved_connections
    error_message = "db_reserved_connections must be a whole number of at least 3 (PostgreSQL's superuser_reserved_connections default)."
  }
}

variable "db_tool_connections" {
  type        = map(number)
  description = "Connections the tools may hold while a deploy runs, by tool: Cloud Build's db-migrate and modes steps, and the rollout and parity tools (their pool sizes, tools/db-pools.ts)."
  default = {
    "db-migrate" = 1
    "modes"      = 1
    "rollout"    = 2
    "parity"     = 2
  }

  validation {
    condition     = alltrue([for n in values(var.db_tool_connections) : n >= 0 && floor(n) == n])
    error_message = "db_tool_connections must map tool names to whole numbers of connections, 0 or more."
  }
}

variable "db_pooling" {
  type = object({
    mode                        = optional(string, "off")
    server_connections_per_role = optional(number, 0)
  })
  description = "A transaction pooler in front of PostgreSQL (Cloud SQL managed connection pooling, or PgBouncer): mode \"transaction\" gives every function but a streaming one (it LISTENs: it keeps connecting directly) DB_POOLING=transaction (no named prepared statements; point its DATABASE_URL at the pooler), and the budget then counts the pooler's server connections per pooled function role instead of those functions' pools."
  default     = {}

  validation {
    condition     = contains(["off", "transaction"], var.db_pooling.mode)
    error_message = "db_pooling.mode must be \"off\" or \"transaction\"."
  }

  validation {
    condition     = var.db_pooling.mode == "off" || (var.db_pooling.server_connections_per_role >= 1 && floor(var.db_pooling.server_connections_per_role) == var.db_pooling.server_connections_per_role)
    error_message = "db_pooling.server_connections_per_role must be a whole number of at least 1 when mode is \"transaction\" (the pooler's pool size per database and user pair)."
  }
}

variable "relay_db_pool_size" {
  type        = number
  description = "Connections in the outbox relay's pool (its RELAY_DB_POOL_MAX, set from this); it opens one more for LISTEN, always directly. The connection budget counts both, in both revisions during a deploy (connection-budget.tf)."
  default     = 2

  validation {
    condition     = var.relay_db_pool_size >= 1 && floor(var.relay_db_pool_size) == var.relay_db_pool_size
    error_message = "relay_db_pool_size must be a whole number of at least 1."
  }
}

variable "relay_env" {
  type        = map(string)
  description = "Settings of the outbox relay (RELAY_BATCH_SIZE, RELAY_POLL_MS, RELAY_PUBLISH_TIMEOUT_MS, RELAY_STOP_TIMEOUT_MS, ...: relay/config.ts); the defaults suit one instance."
  default     = {}

  validation {
    condition     = alltrue([for name, _ in var.relay_env : can(regex("^RELAY_[A-Z0-9_]+$", name))])
    error_message = "relay_env must map RELAY_* variable names to values."
  }

  validation {
    condition     = !contains(keys(var.relay_env), "RELAY_DB_POOL_MAX")
    error_message = "relay_env must not set RELAY_DB_POOL_MAX: set relay_db_pool_size, which the connection budget counts."
  }
}

variable "armor" {
  type = object({
    requests_per_minute_per_ip = optional(number, 1200)
    waf_preview                = optional(bool, true)
  })
  description = "Cloud Armor: per-client-IP rate limit, and whether the OWASP rules only log (preview) instead of blocking."
  default     = {}

  validation {
    condition     = var.armor.requests_per_minute_per_ip >= 60
    error_message = "armor.requests_per_minute_per_ip must be at least 60."
  }
}

variable "tester_route_key" {
  type        = string
  default     = null
  sensitive   = true
  description = "Tester routing: requests with this value in X-Canopy-Tester reach the function of a canary route whatever its weight (null: off). Keep it in a secret store and pass it with TF_VAR_tester_route_key; it ends up in the URL map and the state."

  validation {
    condition     = var.tester_route_key == null || can(regex("^[A-Za-z0-9_-]{32,}$", var.tester_route_key))
    error_message = "tester_route_key must be at least 32 letters, digits, - or _ (e.g. openssl rand -base64 33 | tr +/ -_)."
  }
}

variable "alert_notification_channels" {
  type        = list(string)
  description = "Cloud Monitoring notification channel ids (projects/<p>/notificationChannels/<id>) the alerts page."
  default     = []

  validation {
    condition     = alltrue([for c in var.alert_notification_channels : can(regex("^projects/[^/]+/notificationChannels/[^/]+$", c))])
    error_message = "alert_notification_channels must be notification channel ids: projects/<project>/notificationChannels/<id>."
  }
}

variable "error_rate_threshold" {
  type        = number
  description = "Share of a function's requests answered with a 5xx over 5 minutes that raises an alert."
  default     = 0.02

  validation {
    condition     = var.error_rate_threshold > 0 && var.error_rate_threshold < 1
    error_message = "error_rate_threshold must be between 0 and 1."
  }
}

variable "latency_p99_threshold_ms" {
  type        = number
  description = "A function's p99 request latency (milliseconds, over 5 minutes) that raises an alert."
  default     = 1500

  validation {
    condition     = var.latency_p99_threshold_ms > 0
    error_message = "latency_p99_threshold_ms must be positive."
  }
}

variable "bigquery_location" {
  type        = string
  description = "Location of the BigQuery dataset for request logs and the cost view; must match the billing export dataset's."
  default     = "EU"

  validation {
    condition     = length(var.bigquery_location) > 0
    error_message = "bigquery_location must be a BigQuery location such as EU, US or europe-west1."
  }
}

variable "billing_export_table" {
  type        = string
  description = "The detailed Cloud Billing export table, project.dataset.gcp_billing_export_resource_v1_<BILLING_ACCOUNT>; null on a project without one (no cost view)."
  default     = null

  validation {
    condition     = var.billing_export_table == null || can(regex("^[a-z][a-z0-9-]+\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_]+$", var.billing_export_table))
    error_message = "billing_export_table must be project.dataset.table."
  }
}

variable "create_cost_view" {
  type        = bool
  description = "Create the cost-per-request view (only with a billing_export_table). BigQuery checks a view's tables when it is made: set true once the billing export table and the request-log sink's table exist (infra/README.md, runbook)."
  default     = false

  validation {
    condition     = var.create_cost_view == true || var.create_cost_view == false
    error_message = "create_cost_view must be true or false."
  }
}

variable "github" {
  type = object({
    owner = string
    name  = string
  })
  description = "GitHub repository (connected through the Cloud Build GitHub app) whose pushes to main run cloudbuild.yaml."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.github.owner)) && can(regex("^[A-Za-z0-9_.-]+$", var.github.name))
    error_message = "github.owner and github.name must be a GitHub owner and repository name."
  }
}

variable "worker_pool" {
  type        = string
  description = "Cloud Build private pool (projects/<p>/locations/<region>/workerPools/<name>) peered with the project's VPC: the smoke test reaches functions whose ingress is internal."

  validation {
    condition     = can(regex("^projects/[^/]+/locations/[^/]+/workerPools/[^/]+$", var.worker_pool))
    error_message = "worker_pool must be projects/<project>/locations/<region>/workerPools/<name>."
  }
}

variable "tf_state_bucket" {
  type        = string
  description = "GCS bucket holding this configuration's state and its production terraform.tfvars (read by the build)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", var.tf_state_bucket))
    error_message = "tf_state_bucket must be a bucket name."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the functions' Cloud Run services from deletion; set false for a run that retires a function from the manifest."
  default     = true

  validation {
    condition     = var.deletion_protection == true || var.deletion_protection == false
    error_message = "deletion_protection must be true or false."
  }
}

variable "monolith_log_sample_rate" {
  type        = number
  default     = 1.0
  description = "Share of the monolith backend's requests the load balancer logs for the rollout gates (functions' backends log all). Lower it when the monolith's request logs cost too much: README \"Observations in production\"."

  validation {
    condition     = var.monolith_log_sample_rate > 0 && var.monolith_log_sample_rate <= 1
    error_message = "monolith_log_sample_rate must be above 0 and at most 1."
  }
}
