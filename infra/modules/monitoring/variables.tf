variable "project_id" {
  type        = string
  description = "Project whose Cloud Run request logs the metrics read."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id."
  }
}

variable "functions" {
  type        = list(string)
  description = "Function names from the routes manifest (each is its Cloud Run service's name); every one gets metrics and alerts."

  validation {
    condition     = alltrue([for n in var.functions : can(regex("^[a-z][a-z0-9-]{2,40}$", n))])
    error_message = "functions must be function names as in the manifest."
  }
}

variable "notification_channels" {
  type        = list(string)
  description = "Notification channel ids the alerts page."

  validation {
    condition     = alltrue([for c in var.notification_channels : can(regex("^projects/[^/]+/notificationChannels/[^/]+$", c))])
    error_message = "notification_channels must be projects/<project>/notificationChannels/<id>."
  }
}

variable "error_rate_threshold" {
  type        = number
  description = "Share of requests answered 5xx over 5 minutes above which a function's alert fires."

  validation {
    condition     = var.error_rate_threshold > 0 && var.error_rate_threshold < 1
    error_message = "error_rate_threshold must be between 0 and 1."
  }
}

variable "latency_p99_threshold" {
  type        = number
  description = "p99 request latency in milliseconds over 5 minutes above which a function's alert fires."

  validation {
    condition     = var.latency_p99_threshold > 0
    error_message = "latency_p99_threshold must be positive."
  }
}
