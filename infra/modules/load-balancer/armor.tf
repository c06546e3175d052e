locals {
  # Shared with the local load balancer (tools/stack/login-throttle.ts).
  login_throttle   = jsondecode(file("${path.module}/login-throttle.json"))
  login_expression = "request.path.matches('${local.login_throttle.pathRegex}')"
}

# The first matching rule decides (a throttle's conforming request is allowed at once), so the
# rules run from the narrowest to the widest: the WAF, the login throttle, the per-IP limit.
resource "google_compute_security_policy" "this" {
  name        = "canopy"
  type        = "CLOUD_ARMOR"
  description = "Attached to every backend, the monolith's included, so a route behaves the same whichever side serves it."

  rule {
    # The monolith never had a WAF: start in preview (log only) and block once the logs show no false positives.
    description = "OWASP SQL injection and XSS"
    action      = "deny(403)"
    priority    = 1000
    preview     = var.armor.waf_preview

    match {
      expr {
        expression = "evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 1}) || evaluatePreconfiguredWaf('xss-v33-stable', {'sensitivity': 1})"
      }
    }
  }

  rule {
    # Every spelling Django resolves to its login view (%XX escapes decoded, %2F included): the
    # odd ones go to the monolith, whose login has no throttle (login-throttle.json, the local load
    # balancer reads the same).
    description = "Login throttle per IP, every spelling Django resolves"
    action      = "throttle"
    priority    = 1500

    match {
      expr {
        expression = local.login_expression
      }
    }

    rate_limit_options {
      conform_action = "allow"
      exceed_action  = "deny(429)"
      enforce_on_key = "IP"

      rate_limit_threshold {
        count        = local.login_throttle.requests
        interval_sec = local.login_throttle.intervalSec
      }
    }
  }

  rule {
    description = "Per-client-IP rate limit"
    action      = "throttle"
    priority    = 2000

    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }

    rate_limit_options {
      conform_action = "allow"
      exceed_action  = "deny(429)"
      enforce_on_key = "IP"

      rate_limit_threshold {
        count        = var.armor.requests_per_minute_per_ip
        interval_sec = 60
      }
    }
  }

  rule {
    description = "Default: allow"
    action      = "allow"
    priority    = 2147483647

    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
  }
}
