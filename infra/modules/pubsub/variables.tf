variable "project_id" {
  type        = string
  description = "Project of the topics (its number names the Pub/Sub service agent)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id."
  }
}

variable "region" {
  type        = string
  description = "Region where messages are stored and the consumers run."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "topics" {
  type = map(object({
    consumer  = string
    push_path = string
  }))
  description = "Topics by name, each with its consumer function and the path the push subscription posts to."

  validation {
    condition     = alltrue([for name, t in var.topics : can(regex("^[a-z][a-z0-9-]{2,200}$", name)) && startswith(t.push_path, "/")])
    error_message = "Topic names must be lower-case letters, digits and dashes, and push_path must start with /."
  }
}

variable "push_service_account_id" {
  type        = string
  description = "Account id of the service account Pub/Sub signs push tokens as; the consumers are told its email."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.push_service_account_id))
    error_message = "push_service_account_id must be a service account id: 6-30 lower-case letters, digits and dashes."
  }
}

variable "consumers" {
  type = map(object({
    name     = string
    location = string
    uri      = string
    audience = string
  }))
  description = "Push-consumer Cloud Run services by function name (the manifest's functions without routes)."

  validation {
    condition     = alltrue([for c in values(var.consumers) : startswith(c.uri, "https://")])
    error_message = "Consumer URIs must be https:// Cloud Run URLs."
  }
}

variable "deployer" {
  type        = string
  description = "IAM member (serviceAccount:<email>) that deploys as this module's service account (a push subscription whose OIDC tokens name it): the build, which may act as these accounts and no others."

  validation {
    condition     = startswith(var.deployer, "serviceAccount:")
    error_message = "deployer must be serviceAccount:<email>."
  }
}
