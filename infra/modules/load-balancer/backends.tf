# The monolith: an internet NEG at its existing origin, reached over HTTPS.
resource "google_compute_global_network_endpoint_group" "monolith" {
  name                  = "canopy-monolith"
  network_endpoint_type = "INTERNET_FQDN_PORT"
  default_port          = var.monolith.port
}

resource "google_compute_global_network_endpoint" "monolith" {
  global_network_endpoint_group = google_compute_global_network_endpoint_group.monolith.name
  fqdn                          = var.monolith.fqdn
  port                          = var.monolith.port
}

resource "google_compute_backend_service" "monolith" {
  name                    = "canopy-monolith"
  load_balancing_scheme   = "EXTERNAL_MANAGED"
  protocol                = "HTTPS"
  security_policy         = google_compute_security_policy.this.id
  custom_response_headers = ["X-Canopy-Backend: monolith"]
  # The origin answers only requests carrying it: the way past Cloud Armor is closed.
  custom_request_headers = ["X-Canopy-Origin-Token: ${var.origin_token}"]

  # The gates' baseline: the monolith's answers on the same routes (request-logs.tf).
  log_config {
    enable      = true
    sample_rate = var.monolith_log_sample_rate
  }

  backend {
    group = google_compute_global_network_endpoint_group.monolith.id
  }
}

# One serverless NEG and backend service per routed function.
resource "google_compute_region_network_endpoint_group" "function" {
  for_each = var.functions

  name                  = "canopy-${each.key}"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = each.value
  }
}

resource "google_compute_backend_service" "function" {
  for_each = var.functions

  name                    = "canopy-${each.key}"
  load_balancing_scheme   = "EXTERNAL_MANAGED"
  protocol                = "HTTPS"
  security_policy         = google_compute_security_policy.this.id
  custom_response_headers = ["X-Canopy-Backend: ${each.key}"]

  # Every request: at canary 1 % a route's function sees few, and the gates need each one (request-logs.tf).
  log_config {
    enable      = true
    sample_rate = 1.0
  }

  backend {
    group = google_compute_region_network_endpoint_group.function[each.key].id
  }
}
