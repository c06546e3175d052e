variable "name" {
  type        = string
  description = "Function name from the routes manifest: names the Cloud Run service, its service account (canopy-<name>) and its labels."

  validation {
    # Service account ids are at most 30 characters: "canopy-" leaves 23.
    condition     = can(regex("^[a-z][a-z0-9-]{2,22}$", var.name))
    error_message = "name must be 3-23 lower-case letters, digits and dashes (the service account id canopy-<name> is limited to 30 characters)."
  }
}

variable "audience" {
  type        = string
  description = "The service's OIDC custom audience (canopy-<name>): identity tokens for the build's smoke test and Pub/Sub push tokens are minted for it."

  validation {
    condition     = can(regex("^canopy-[a-z][a-z0-9-]+$", var.audience))
    error_message = "audience must be canopy-<function name>."
  }
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run service."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "spec" {
  type = object({
    memory        = string
    cpu           = string
    concurrency   = number
    max_instances = number
    db_pool_size  = number
    routed        = bool
    billing       = string
    # Cloud Run's request timeout: its default, or a streaming function's stream lifetime and a minute.
    timeout_seconds = optional(number, 300)
  })
  description = "The function's entry in the routes manifest: memory, cpu (millicpu), concurrency, max instances, pool size, whether any route points at it, and its billing mode (request or instance, instance while a route is in shadow)."

  validation {
    condition     = can(regex("^[0-9]+(Mi|Gi)$", var.spec.memory)) && can(regex("^[0-9]+m$", var.spec.cpu))
    error_message = "spec.memory must look like 256Mi and spec.cpu like 1000m."
  }

  validation {
    condition     = var.spec.concurrency >= 1 && var.spec.concurrency <= 1000 && var.spec.max_instances >= 1 && var.spec.db_pool_size >= 1
    error_message = "spec.concurrency must be 1-1000, spec.max_instances and spec.db_pool_size at least 1."
  }

  validation {
    condition     = contains(["request", "instance"], var.spec.billing)
    error_message = "spec.billing must be \"request\" or \"instance\" (infra/routes.json functions.<name>.billing)."
  }
}

variable "env" {
  type        = map(string)
  description = "Plain environment variables of the service, all of them (DB_POOL_MAX, MONOLITH_URL, DISPATCH_URL, ...); secrets go in secret_ids."
  default     = {}

  validation {
    condition     = alltrue([for name, _ in var.env : can(regex("^[A-Z][A-Z0-9_]*$", name))])
    error_message = "env must map upper-case environment variable names to values."
  }
}

variable "secret_ids" {
  type        = map(string)
  description = "Secret Manager secret id by the environment variable it is read into; the function gets secretAccessor on these only."

  validation {
    condition     = alltrue([for env, id in var.secret_ids : can(regex("^[A-Z][A-Z0-9_]*$", env)) && can(regex("^projects/[^/]+/secrets/[^/]+$", id))])
    error_message = "secret_ids must map environment variable names to secret ids (projects/<p>/secrets/<id>)."
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
  description = "Image the service is created with before the build deploys the function's own (then ignored)."
  default     = "us-docker.pkg.dev/cloudrun/container/hello"

  validation {
    condition     = length(var.bootstrap_image) > 0
    error_message = "bootstrap_image must name an image."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the service: removing a function from the manifest then fails until this is set false for it."
  default     = true

  validation {
    condition     = var.deletion_protection == true || var.deletion_protection == false
    error_message = "deletion_protection must be true or false."
  }
}

variable "deployer" {
  type        = string
  description = "IAM member (serviceAccount:<email>) that deploys as this module's service account (gcloud run deploy of a revision that runs as it): the build, which may act as these accounts and no others."

  validation {
    condition     = startswith(var.deployer, "serviceAccount:")
    error_message = "deployer must be serviceAccount:<email>."
  }
}
