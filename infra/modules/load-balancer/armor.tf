resource "google_compute_security_policy" "this" {
  name        = "canopy"
  type        = "CLOUD_ARMOR"
  description = "Attached to every backend, the monolith's included, so a route behaves the same whichever side serves it."

  rule {
    description = "Per-client-IP rate limit"
    action      = "throttle"
    priority    = 1000

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
    # The monolith never had a WAF: start in preview (log only) and block once the logs show no false positives.
    description = "OWASP SQL injection and XSS"
    action      = "deny(403)"
    priority    = 2000
    preview     = var.armor.waf_preview

    match {
      expr {
        expression = "evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 1}) || evaluatePreconfiguredWaf('xss-v33-stable', {'sensitivity': 1})"
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
