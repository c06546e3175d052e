output "ip_address" {
  description = "The load balancer's global IP address."
  value       = google_compute_global_address.this.address
}

output "route_rules" {
  description = "The URL map's route rules as computed from the manifest (priority, path template, methods, weighted backends)."
  value       = local.route_rules
}

output "backend_services" {
  description = "Backend service id by name: every routed function, and monolith."
  value       = local.backend_ids
}

output "request_log_subscription" {
  description = "The pull subscription on the request-log topic the relay stores as route observations (name and id)."
  value       = { name = google_pubsub_subscription.requests.name, id = google_pubsub_subscription.requests.id }
}
