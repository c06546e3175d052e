variable "name" {
  type        = string
  description = "Name of the API reference's Cloud Run service and of its service account (canopy-<name>); must not be a function's name."
  default     = "api-docs"

  validation {
    # Service account ids are at most 30 characters: "canopy-" leaves 23.
    condition     = can(regex("^[a-z][a-z0-9-]{2,22}$", var.name))
    error_message = "name must be 3-23 lower-case letters, digits and dashes (the service account id canopy-<name> is limited to 30 characters)."
  }
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run service (the functions', so its serverless NEG sits beside theirs)."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "max_instances" {
  type        = number
  description = "Most instances: static files at 250 requests per instance, so a few carry any reader traffic and bound a flood's cost."
  default     = 3

  validation {
    condition     = var.max_instances >= 1 && floor(var.max_instances) == var.max_instances
    error_message = "max_instances must be a whole number of at least 1."
  }
}

variable "bootstrap_image" {
  type        = string
  description = "Image the service is created with before the build deploys the reference's own (then ignored)."
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
  description = "IAM member (serviceAccount:<email>) that deploys the reference's revisions, which run as its account (gcloud run deploy): the build."

  validation {
    condition     = startswith(var.deployer, "serviceAccount:")
    error_message = "deployer must be serviceAccount:<email>."
  }
}
