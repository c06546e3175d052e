output "view_id" {
  description = "project.dataset.table of the cost-per-request view (null until create_view)."
  value       = length(google_bigquery_table.cost_per_request) > 0 ? "${var.project_id}.${google_bigquery_dataset.this.dataset_id}.${google_bigquery_table.cost_per_request[0].table_id}" : null
}

output "requests_table" {
  description = "The table the request-log sink fills."
  value       = local.requests_table
}
