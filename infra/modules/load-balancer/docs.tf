# The API reference (modules/docs-service): a serverless NEG and backend service as a function's, and
# route rules that send /api/docs and everything under /api/docs/ to it, whatever the method (it answers
# 405 to writes), as the local load balancer does (tools/stack/load-balancer.ts). Priorities 1 and 2:
# before the manifest's rules, which start at 10 (tools/infra-check/url-map.ts mirrors this local).
locals {
  docs_route_rules = [
    { priority = 1, full_path_match = "/api/docs", prefix_match = null },
    { priority = 2, full_path_match = null, prefix_match = "/api/docs/" },
  ]
}

resource "google_compute_region_network_endpoint_group" "docs" {
  name                  = "canopy-${var.docs_service}"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = var.docs_service
  }

  lifecycle {
    # Its NEG and backend service would take a function's names (canopy-<name>).
    precondition {
      condition     = !contains(keys(var.functions), var.docs_service)
      error_message = "A function has the API reference's service name: rename the function in infra/routes.json."
    }
  }
}

resource "google_compute_backend_service" "docs" {
  name                    = "canopy-${var.docs_service}"
  load_balancing_scheme   = "EXTERNAL_MANAGED"
  protocol                = "HTTPS"
  security_policy         = google_compute_security_policy.this.id
  custom_response_headers = ["X-Canopy-Backend: ${var.docs_service}"]

  backend {
    group = google_compute_region_network_endpoint_group.docs.id
  }
}
