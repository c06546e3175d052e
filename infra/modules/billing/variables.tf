variable "project_id" {
  type        = string
  description = "Project whose Cloud Run request logs are counted."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id."
  }
}

variable "location" {
  type        = string
  description = "BigQuery location of the dataset; a view can only join tables in one location, so use the billing export's."

  validation {
    condition     = length(var.location) > 0
    error_message = "location must be a BigQuery location such as EU."
  }
}

variable "functions" {
  type        = list(string)
  description = "Function names (= Cloud Run service names) whose request logs the sink keeps."

  validation {
    condition     = length(var.functions) > 0 && alltrue([for n in var.functions : can(regex("^[a-z][a-z0-9-]{2,40}$", n))])
    error_message = "functions must list at least one function name as in the manifest."
  }
}

variable "billing_export_table" {
  type        = string
  description = "The detailed billing export table (project.dataset.gcp_billing_export_resource_v1_<account>); null: no view."
  default     = null

  validation {
    condition     = var.billing_export_table == null || can(regex("^[a-z][a-z0-9-]+\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_]+$", var.billing_export_table))
    error_message = "billing_export_table must be project.dataset.table."
  }
}

variable "create_view" {
  type        = bool
  description = "Create the view; BigQuery rejects a view whose tables do not exist yet, and the sink makes its table on the first request."

  validation {
    condition     = var.create_view == true || var.create_view == false
    error_message = "create_view must be true or false."
  }
}

variable "request_log_retention_days" {
  type        = number
  description = "Days of request logs kept in BigQuery (partition expiry)."
  default     = 400

  validation {
    condition     = var.request_log_retention_days >= 1
    error_message = "request_log_retention_days must be at least 1."
  }
}

variable "dataset_owner" {
  type        = string
  description = "IAM member (serviceAccount:<email>) that applies this module: owner of the dataset only, not of every dataset in the project."

  validation {
    condition     = startswith(var.dataset_owner, "serviceAccount:")
    error_message = "dataset_owner must be serviceAccount:<email>."
  }
}
