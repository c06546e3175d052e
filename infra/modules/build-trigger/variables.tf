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
  description = "Project roles of the build's service account: deploying to Cloud Run, pushing images, and applying this configuration."
  default = [
    "roles/artifactregistry.admin",
    "roles/bigquery.dataOwner",
    "roles/cloudbuild.builds.editor",
    # The Cloud SQL Auth Proxy in the db-migrate and modes steps (infra/deploy/cloud-sql.sh).
    "roles/cloudsql.client",
    "roles/compute.loadBalancerAdmin",
    "roles/compute.securityAdmin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountUser",
    "roles/logging.configWriter",
    "roles/logging.logWriter",
    "roles/monitoring.alertPolicyEditor",
    "roles/pubsub.admin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/run.admin",
    "roles/secretmanager.admin",
  ]

  validation {
    condition     = alltrue([for r in var.build_roles : startswith(r, "roles/")])
    error_message = "build_roles must be role names such as roles/run.admin."
  }
}
