variable "region" {
  type        = string
  description = "Region of the functions' Cloud Run services (their serverless NEGs live there)."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "domains" {
  type        = list(string)
  description = "Host names on the Google-managed certificate."

  validation {
    condition     = length(var.domains) > 0 && alltrue([for d in var.domains : can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", d))])
    error_message = "domains must list at least one lower-case host name."
  }
}

variable "monolith" {
  type = object({
    fqdn = string
    port = number
  })
  description = "The Django monolith's origin: the default service for everything the manifest does not route."

  validation {
    condition     = can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", var.monolith.fqdn)) && var.monolith.port >= 1 && var.monolith.port <= 65535
    error_message = "monolith.fqdn must be a host name and monolith.port a TCP port."
  }
}

variable "origin_token" {
  type        = string
  sensitive   = true
  description = "Shared secret sent to the monolith's origin as X-Canopy-Origin-Token on every request; the monolith refuses requests without it."

  validation {
    condition     = length(var.origin_token) >= 32
    error_message = "origin_token must be at least 32 characters (openssl rand -hex 32)."
  }
}

variable "functions" {
  type        = map(string)
  description = "Cloud Run service name by function name, for every function a manifest route points at; each gets a serverless NEG and a backend service."

  validation {
    # "monolith" names the default backend in the route rules.
    condition     = !contains(keys(var.functions), "monolith")
    error_message = "A function may not be called monolith: that name is the monolith's backend."
  }
}

variable "routes" {
  type = list(object({
    id            = string
    function      = string
    path_template = string
    methods       = list(string)
    stage         = string
    weight        = number
  }))
  description = "The manifest's routes in priority order: path template, methods, function, stage and weight (0-1000, share to the function)."

  validation {
    condition     = alltrue([for r in var.routes : contains(["shadow", "canary", "live", "off"], r.stage) && r.weight >= 0 && r.weight <= 1000])
    error_message = "Each route needs a stage of shadow, canary, live or off and a weight from 0 to 1000."
  }

  validation {
    condition     = alltrue([for r in var.routes : contains(keys(var.functions), r.function)])
    error_message = "Every route must point at a function in functions."
  }
}

variable "tester_key" {
  type        = string
  default     = null
  sensitive   = true
  description = "Requests carrying this value in X-Canopy-Tester reach the function of a canary route whatever its weight (null: no tester routing). It is stored in the URL map, readable by whoever may read the load balancer's configuration."

  validation {
    condition     = var.tester_key == null || can(regex("^[A-Za-z0-9_-]{32,}$", var.tester_key))
    error_message = "tester_key must be at least 32 letters, digits, - or _ (e.g. openssl rand -base64 33 | tr +/ -_)."
  }
}

variable "armor" {
  type = object({
    requests_per_minute_per_ip = number
    waf_preview                = bool
  })
  description = "Cloud Armor settings: per-client-IP rate limit, and whether the OWASP rules only log (preview)."

  validation {
    condition     = var.armor.requests_per_minute_per_ip >= 60
    error_message = "armor.requests_per_minute_per_ip must be at least 60."
  }
}

variable "monolith_log_sample_rate" {
  type        = number
  description = "Share of the monolith backend's requests the load balancer logs (the functions' backends log all). The monolith serves the whole site, so its logs are most of the logging bill; below 1.0 the gates still have their baseline, and the route's request rate (the capacity rule) is under-counted by the same share."

  validation {
    condition     = var.monolith_log_sample_rate > 0 && var.monolith_log_sample_rate <= 1
    error_message = "monolith_log_sample_rate must be above 0 and at most 1: the gates need the monolith's answers."
  }
}

variable "docs_service" {
  type        = string
  description = "Cloud Run service name of the API reference (modules/docs-service): the URL map sends /api/docs and everything under /api/docs/ to it, ahead of the manifest's routes."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,48}$", var.docs_service)) && var.docs_service != "monolith"
    error_message = "docs_service must be a Cloud Run service name, and not monolith (the monolith's backend)."
  }
}
