locals {
  # Cloud Run's own request log: one entry per request, with status and latency, for every revision.
  request_log = { for name in var.functions : name => join(" AND ", [
    "resource.type=\"cloud_run_revision\"",
    "resource.labels.service_name=\"${name}\"",
    "log_name=\"projects/${var.project_id}/logs/run.googleapis.com%2Frequests\"",
  ]) }

  # Counters per function: all requests, and those answered 5xx (the error rate's numerator).
  counters = merge([for name in var.functions : {
    "${name}/requests"      = { function = name, filter = local.request_log[name] }
    "${name}/server_errors" = { function = name, filter = "${local.request_log[name]} AND httpRequest.status>=500" }
  }]...)

  metric_type = "logging.googleapis.com/user"
}

resource "google_logging_metric" "count" {
  for_each = local.counters

  name   = "canopy/${each.key}"
  filter = each.value.filter

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "Canopy ${each.key}"
  }
}

resource "google_logging_metric" "latency" {
  for_each = toset(var.functions)

  name            = "canopy/${each.key}/latency"
  filter          = local.request_log[each.key]
  value_extractor = "REGEXP_EXTRACT(httpRequest.latency, \"([0-9.]+)s\")"

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "DISTRIBUTION"
    unit         = "s"
    display_name = "Canopy ${each.key} request latency"
  }

  # 1 ms to about 2 minutes.
  bucket_options {
    exponential_buckets {
      num_finite_buckets = 64
      growth_factor      = 1.2
      scale              = 0.001
    }
  }
}

resource "google_monitoring_alert_policy" "error_rate" {
  for_each = toset(var.functions)

  display_name          = "Canopy ${each.key}: 5xx rate above ${var.error_rate_threshold * 100}%"
  combiner              = "OR"
  notification_channels = var.notification_channels
  user_labels           = { canopy-function = each.key }

  conditions {
    display_name = "Share of ${each.key} requests answered 5xx"

    condition_threshold {
      filter             = "metric.type=\"${local.metric_type}/${google_logging_metric.count["${each.key}/server_errors"].name}\" AND resource.type=\"cloud_run_revision\""
      denominator_filter = "metric.type=\"${local.metric_type}/${google_logging_metric.count["${each.key}/requests"].name}\" AND resource.type=\"cloud_run_revision\""
      comparison         = "COMPARISON_GT"
      threshold_value    = var.error_rate_threshold
      duration           = "300s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      denominator_aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Function ${each.key} answers 5xx to more than ${var.error_rate_threshold * 100}% of its requests. Send its routes back to the monolith (kill switch, or the rollout tool's rollback), then read the Cloud Run logs of service ${each.key}."
  }

  # Monitoring refuses a policy on a log-based metric that does not exist yet (404).
  depends_on = [google_logging_metric.count]
}

resource "google_monitoring_alert_policy" "latency" {
  for_each = toset(var.functions)

  display_name          = "Canopy ${each.key}: p99 latency above ${var.latency_p99_threshold} ms"
  combiner              = "OR"
  notification_channels = var.notification_channels
  user_labels           = { canopy-function = each.key }

  conditions {
    display_name = "p99 latency of ${each.key}"

    condition_threshold {
      filter          = "metric.type=\"${local.metric_type}/${google_logging_metric.latency[each.key].name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.latency_p99_threshold / 1000
      duration        = "300s"

      # p99 across all revisions of the service, not the worst revision's p99.
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_PERCENTILE_99"
        group_by_fields      = ["resource.label.service_name"]
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Function ${each.key}'s p99 latency is above ${var.latency_p99_threshold} ms. Compare with the monolith's on the same routes before rolling back: a slow database hurts both."
  }

  # Monitoring refuses a policy on a log-based metric that does not exist yet (404).
  depends_on = [google_logging_metric.latency]
}
