locals {
  # Route rules from the routes manifest, in its order (tools/infra-check/url-map.ts and cohorts.ts mirror this; keep
  # them in step). Priority is the manifest position times 10 plus the rule's place, so an "off" route leaves a gap
  # rather than renumbering the rest. A canary route has: the tester rule (when var.tester_key is set), then per
  # cohort key (DRF token, Django session) a rule for credentials in the cohort (to the function) and one for the rest
  # (to the monolith), and last the per-request split by the manifest weight for requests without a credential.
  # shadow and live send all of it to the function (shadowing happens inside the function); off routes are left out.
  tester_header = "x-canopy-tester"

  # Session keys (32 of [0-9a-z]) and token keys (40 hex digits) are random: their first two characters are a uniform
  # hash of the client. A weight puts ceil(weight / 1000 * buckets) two-character prefixes on the function. classes[n-1]
  # is the character class of the alphabet's first n characters.
  cohort_keys = [
    for key in [
      { header = "authorization", alphabet = "0123456789abcdef", pattern = "^\\s*[Tt][Oo][Kk][Ee][Nn]\\s+%s.*$" },
      { header = "cookie", alphabet = "0123456789abcdefghijklmnopqrstuvwxyz", pattern = "^(.*;\\s*)?sessionid=%s.*$" },
      ] : merge(key, {
        size    = length(key.alphabet)
        classes = [for n in range(1, length(key.alphabet) + 1) : n <= 10 ? "[0-${substr(key.alphabet, n - 1, 1)}]" : "[0-9a-${substr(key.alphabet, n - 1, 1)}]"]
    })
  ]

  cohort_buckets = {
    for route in var.routes : route.id => [
      for key in local.cohort_keys : { key = key, buckets = ceil(route.weight * key.size * key.size / 1000) }
    ]
  }

  cohort_matches = {
    for id, keys in local.cohort_buckets : id => [
      for k in keys : {
        header = k.key.header
        in_cohort = replace(k.key.pattern, "%s", "(${join("|", concat(
          floor(k.buckets / k.key.size) > 0 ? ["${k.key.classes[floor(k.buckets / k.key.size) - 1]}${k.key.classes[k.key.size - 1]}"] : [],
          k.buckets % k.key.size > 0 ? ["${substr(k.key.alphabet, floor(k.buckets / k.key.size), 1)}${k.key.classes[k.buckets % k.key.size - 1]}"] : [],
        ))})")
        present = replace(k.key.pattern, "%s", k.key.classes[k.key.size - 1])
      }
    ]
  }

  route_rules = flatten([
    for index, route in var.routes : concat(
      route.stage == "canary" && var.tester_key != null ? [{
        id                        = route.id
        kind                      = "tester"
        priority                  = (index + 1) * 10
        path_template             = route.path_template
        methods                   = route.methods
        header_matches            = [{ header_name = local.tester_header, exact_match = var.tester_key, regex_match = null }]
        request_headers_to_remove = [local.tester_header]
        backends                  = [{ name = route.function, weight = 1000 }]
      }] : [],
      route.stage == "canary" && route.weight > 0 && route.weight < 1000 ? flatten([
        for k, match in local.cohort_matches[route.id] : [
          {
            id                        = route.id
            kind                      = "cohort"
            priority                  = (index + 1) * 10 + 1 + 2 * k
            path_template             = route.path_template
            methods                   = route.methods
            header_matches            = [{ header_name = match.header, exact_match = null, regex_match = match.in_cohort }]
            request_headers_to_remove = []
            backends                  = [{ name = route.function, weight = 1000 }]
          },
          {
            id                        = route.id
            kind                      = "outside-cohort"
            priority                  = (index + 1) * 10 + 2 + 2 * k
            path_template             = route.path_template
            methods                   = route.methods
            header_matches            = [{ header_name = match.header, exact_match = null, regex_match = match.present }]
            request_headers_to_remove = []
            backends                  = [{ name = "monolith", weight = 1000 }]
          },
        ]
      ]) : [],
      [{
        id                        = route.id
        kind                      = "weighted"
        priority                  = (index + 1) * 10 + 5
        path_template             = route.path_template
        methods                   = route.methods
        header_matches            = []
        request_headers_to_remove = []
        backends = [
          for backend in [
            { name = route.function, weight = route.stage == "canary" ? route.weight : 1000 },
            { name = "monolith", weight = route.stage == "canary" ? 1000 - route.weight : 0 },
          ] : backend if backend.weight > 0
        ]
      }],
    ) if route.stage != "off"
  ])

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
        # Every header match of the rule must hold too (the tester key, a cohort's credential).
        dynamic "match_rules" {
          for_each = route_rules.value.methods
          content {
            path_template_match = route_rules.value.path_template
            header_matches {
              header_name = ":method"
              exact_match = match_rules.value
            }
            dynamic "header_matches" {
              for_each = route_rules.value.header_matches
              content {
                header_name = header_matches.value.header_name
                exact_match = header_matches.value.exact_match
                regex_match = header_matches.value.regex_match
              }
            }
          }
        }

        # The tester key goes no further than the load balancer.
        dynamic "header_action" {
          for_each = length(route_rules.value.request_headers_to_remove) > 0 ? [route_rules.value.request_headers_to_remove] : []
          content {
            request_headers_to_remove = header_action.value
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

    # The API reference, ahead of the manifest's rules (docs.tf).
    dynamic "route_rules" {
      for_each = local.docs_route_rules
      content {
        priority = route_rules.value.priority
        match_rules {
          full_path_match = route_rules.value.full_path_match
          prefix_match    = route_rules.value.prefix_match
        }
        service = google_compute_backend_service.docs.id
      }
    }
  }
}
