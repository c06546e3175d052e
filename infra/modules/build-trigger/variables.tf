variable "project_id" {
  type        = string
  description = "Project the build runs in and deploys to."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id."
  }
}

variable "region" {
  type        = string
  description = "Region of the image repository and the deployed functions."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "github" {
  type = object({
    owner = string
    name  = string
  })
  description = "GitHub repository connected through the Cloud Build GitHub app."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.github.owner)) && can(regex("^[A-Za-z0-9_.-]+$", var.github.name))
    error_message = "github.owner and github.name must be a GitHub owner and repository name."
  }
}

variable "worker_pool" {
  type        = string
  description = "Private pool the build runs in (projects/<p>/locations/<region>/workerPools/<name>)."

  validation {
    condition     = can(regex("^projects/[^/]+/locations/[^/]+/workerPools/[^/]+$", var.worker_pool))
    error_message = "worker_pool must be projects/<project>/locations/<region>/workerPools/<name>."
  }
}

variable "cloud_sql_instance" {
  type        = string
  description = "Connection name (project:region:instance) of the database the build migrates and syncs route modes in, through the Cloud SQL Auth Proxy."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*:[a-z]+-[a-z]+[0-9]+:[a-z][a-z0-9-]*$", var.cloud_sql_instance))
    error_message = "cloud_sql_instance must be a connection name: project:region:instance."
  }
}

variable "tf_state_bucket" {
  type        = string
  description = "Bucket with the Terraform state and the production terraform.tfvars."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", var.tf_state_bucket))
    error_message = "tf_state_bucket must be a bucket name."
  }
}

variable "build_roles" {
  type        = list(string)
  description = "Project roles of the build's service account: deploying to Cloud Run, pushing images, and applying this configuration after the first apply. Narrower grants sit beside the resources: acting as the function, relay and push accounts only, owning the cost dataset only, granting roles/cloudsql.client only."
  default = [
    # Push function and CI images (the repository itself is made by the first apply).
    "roles/artifactregistry.writer",
    "roles/cloudbuild.builds.editor",
    # The Cloud SQL Auth Proxy in the db-migrate and modes steps (infra/deploy/cloud-sql.sh).
    "roles/cloudsql.client",
    # Serverless NEGs, backends, the URL map, and Cloud Armor on the backends.
    "roles/compute.loadBalancerAdmin",
    "roles/compute.securityAdmin",
    # A new function's account.
    "roles/iam.serviceAccountAdmin",
    # Log-based metrics and the request-log sink; the build's own logs.
    "roles/logging.configWriter",
    "roles/logging.logWriter",
    "roles/monitoring.alertPolicyEditor",
    "roles/pubsub.admin",
    "roles/run.admin",
    # Secrets' IAM per function, and DATABASE_URL for the database steps.
    "roles/secretmanager.admin",
    # Reads the enabled APIs (services.tf); enabling one is an operator's apply.
    "roles/serviceusage.serviceUsageViewer",
  ]

  validation {
    condition     = alltrue([for r in var.build_roles : startswith(r, "roles/")])
    error_message = "build_roles must be role names such as roles/run.admin."
  }
}
