output "metrics" {
  description = "Log-based metric names: <function>/requests, <function>/server_errors and <function>/latency."
  value = merge(
    { for key, m in google_logging_metric.count : key => m.name },
    { for name, m in google_logging_metric.latency : "${name}/latency" => m.name },
  )
}

output "alert_policies" {
  description = "Alert policy ids per function: error_rate and latency."
  value = { for name in var.functions : name => {
    error_rate = google_monitoring_alert_policy.error_rate[name].id
    latency    = google_monitoring_alert_policy.latency[name].id
  } }
}
