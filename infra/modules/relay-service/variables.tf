variable "name" {
  type        = string
  description = "Name of the relay's Cloud Run service and of its service account (canopy-<name>); must not be a function's name."
  default     = "relay"

  validation {
    # Service account ids are at most 30 characters: "canopy-" leaves 23.
    condition     = can(regex("^[a-z][a-z0-9-]{2,22}$", var.name))
    error_message = "name must be 3-23 lower-case letters, digits and dashes (the service account id canopy-<name> is limited to 30 characters)."
  }
}

variable "project_id" {
  type        = string
  description = "Project of the service, its account and the topics it publishes to (the relay's GOOGLE_CLOUD_PROJECT)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id."
  }
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run service (the functions' and the Cloud SQL instance's)."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "memory" {
  type        = string
  description = "Memory of the relay's one instance (it has 1 vCPU, always allocated)."
  default     = "512Mi"

  validation {
    condition     = can(regex("^[0-9]+(Mi|Gi)$", var.memory))
    error_message = "memory must be a Cloud Run memory size such as 512Mi."
  }
}

variable "secret_ids" {
  type        = map(string)
  description = "Secret Manager secret id by the environment variable it is read into (the relay reads DATABASE_URL); the relay gets secretAccessor on these only."

  validation {
    condition     = alltrue([for env, id in var.secret_ids : can(regex("^[A-Z][A-Z0-9_]*$", env)) && can(regex("^projects/[^/]+/secrets/[^/]+$", id))])
    error_message = "secret_ids must map environment variable names to secret ids (projects/<p>/secrets/<id>)."
  }
}

variable "publish_topics" {
  type        = map(string)
  description = "Pub/Sub topic id by name that outbox rows name and the relay publishes to (today order-events); it may publish to no other."

  validation {
    condition     = length(var.publish_topics) > 0 && alltrue([for id in values(var.publish_topics) : can(regex("^projects/[^/]+/topics/[^/]+$", id))])
    error_message = "publish_topics must map at least one topic name to a topic id (projects/<p>/topics/<name>)."
  }
}

variable "env" {
  type        = map(string)
  description = "Plain environment variables tuning the relay (RELAY_BATCH_SIZE, RELAY_POLL_MS, RELAY_PUBLISH_TIMEOUT_MS, ...; see README \"Async work\"). GOOGLE_CLOUD_PROJECT is set by the module."
  default     = {}

  validation {
    condition     = alltrue([for name, _ in var.env : can(regex("^RELAY_[A-Z0-9_]+$", name))])
    error_message = "env must map RELAY_* variable names (relay/config.ts) to values."
  }

  validation {
    condition     = !contains(keys(var.env), "RELAY_DB_POOL_MAX")
    error_message = "env must not set RELAY_DB_POOL_MAX: set db_pool_size, which the connection budget counts."
  }
}

variable "db_pool_size" {
  type        = number
  description = "Connections in the relay's pool, given to it as RELAY_DB_POOL_MAX; it opens one more for LISTEN. The root's relay_db_pool_size, which the connection budget counts."

  validation {
    condition     = var.db_pool_size >= 1 && floor(var.db_pool_size) == var.db_pool_size
    error_message = "db_pool_size must be a whole number of at least 1."
  }
}

variable "cloud_sql_instance" {
  type        = string
  description = "Cloud SQL connection name (project:region:instance), mounted at /cloudsql; DATABASE_URL points at its socket."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*:[a-z]+-[a-z]+[0-9]+:[a-z][a-z0-9-]*$", var.cloud_sql_instance))
    error_message = "cloud_sql_instance must be a connection name: project:region:instance."
  }
}

variable "bootstrap_image" {
  type        = string
  description = "Image the service is created with before the build deploys the relay's own (then ignored). It must listen on 8080 for the probes."
  default     = "us-docker.pkg.dev/cloudrun/container/hello"

  validation {
    condition     = length(var.bootstrap_image) > 0
    error_message = "bootstrap_image must name an image."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the service."
  default     = true

  validation {
    condition     = var.deletion_protection == true || var.deletion_protection == false
    error_message = "deletion_protection must be true or false."
  }
}

variable "deployer" {
  type        = string
  description = "IAM member (serviceAccount:<email>) that deploys the relay's revisions, which run as its account (gcloud run deploy): the build, which may act as this account and no other beyond the functions' and the push account."

  validation {
    condition     = startswith(var.deployer, "serviceAccount:")
    error_message = "deployer must be serviceAccount:<email>."
  }
}

variable "observation_subscription" {
  type = object({
    name = string
    id   = string
  })
  description = "The pull subscription on the load balancer's request logs; the relay stores them in canopy.route_observations for the rollout gates."

  validation {
    condition     = can(regex("^[a-zA-Z][-a-zA-Z0-9_.~+%]{2,254}$", var.observation_subscription.name))
    error_message = "observation_subscription.name must be a Pub/Sub subscription name."
  }
}
