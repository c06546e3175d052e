locals {
  # Route rules from the routes manifest, in its order (tools/infra-check/url-map.ts mirrors this; keep them in step).
  # Priority is the manifest position, so an "off" route leaves a gap rather than renumbering the rest.
  # canary splits by the manifest weight between function and monolith; shadow and live send all of it to the
  # function (shadowing happens inside the function); off routes are left out and fall to the monolith.
  route_rules = [
    for index, route in var.routes : {
      id            = route.id
      priority      = index + 1
      path_template = route.path_template
      methods       = route.methods
      backends = [
        for backend in [
          { name = route.function, weight = route.stage == "canary" ? route.weight : 1000 },
          { name = "monolith", weight = route.stage == "canary" ? 1000 - route.weight : 0 },
        ] : backend if backend.weight > 0
      ]
    } if route.stage != "off"
  ]

  backend_ids = merge(
    { for name, backend in google_compute_backend_service.function : name => backend.id },
    { monolith = google_compute_backend_service.monolith.id },
  )
}

resource "google_compute_url_map" "https" {
  name = "canopy-https"
  # Anything the manifest does not route goes to the monolith.
  default_service = google_compute_backend_service.monolith.id

  host_rule {
    hosts        = ["*"]
    path_matcher = "canopy"
  }

  path_matcher {
    name            = "canopy"
    default_service = google_compute_backend_service.monolith.id

    dynamic "route_rules" {
      for_each = local.route_rules
      content {
        priority = route_rules.value.priority

        # One match rule per method (any of them matches): the load balancer sees a request's method as the :method header.
        dynamic "match_rules" {
          for_each = route_rules.value.methods
          content {
            path_template_match = route_rules.value.path_template
            header_matches {
              header_name = ":method"
              exact_match = match_rules.value
            }
          }
        }

        route_action {
          dynamic "weighted_backend_services" {
            for_each = route_rules.value.backends
            content {
              backend_service = local.backend_ids[weighted_backend_services.value.name]
              weight          = weighted_backend_services.value.weight
            }
          }
        }
      }
    }
  }
}
