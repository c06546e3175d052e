output "load_balancer_ip" {
  description = "Global IP address of the load balancer: point the domains' A records here."
  value       = module.load_balancer.ip_address
}

output "function_services" {
  description = "Cloud Run service URI per function (internal ingress: reachable through the load balancer or Pub/Sub only)."
  value       = { for name, m in module.function : name => m.service.uri }
}

output "image_repository" {
  description = "Artifact Registry path the build pushes function images to (<path>/<function>:<commit sha>)."
  value       = module.build_trigger.image_repository
}

output "cost_per_request_view" {
  description = "BigQuery view with cost per request per function per day, for finance."
  value       = module.billing.view_id
}

output "db_connections" {
  description = "The database connection budget during a deploy: functions (both revisions, or the pooler's pools), always-on services, tools, monolith, reserved; the total and the limit."
  value       = merge(local.db_connections, { functions_arithmetic = local.db_functions_arithmetic, total = local.db_connections_total, max = var.db_max_connections })
}

output "secret_ids" {
  description = "Secret ids (projects/<p>/secrets/<id>) the functions read; each needs a version before the functions are made (infra/bootstrap.sh)."
  value       = values(module.secrets.ids)
}
