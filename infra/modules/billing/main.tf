locals {
  # Cloud Logging names a partitioned sink table after the log: run.googleapis.com/requests.
  requests_table = "${var.project_id}.${google_bigquery_dataset.this.dataset_id}.run_googleapis_com_requests"
}

resource "google_bigquery_dataset" "this" {
  dataset_id                      = "canopy_cost"
  description                     = "Cloud Run request logs of the Canopy functions and the cost-per-request view."
  location                        = var.location
  default_partition_expiration_ms = var.request_log_retention_days * 86400000
}

resource "google_logging_project_sink" "requests" {
  name        = "canopy-requests"
  destination = "bigquery.googleapis.com/projects/${var.project_id}/datasets/${google_bigquery_dataset.this.dataset_id}"
  filter = join(" AND ", [
    "resource.type=\"cloud_run_revision\"",
    "log_name=\"projects/${var.project_id}/logs/run.googleapis.com%2Frequests\"",
    "resource.labels.service_name=(${join(" OR ", [for name in var.functions : "\"${name}\""])})",
  ])
  unique_writer_identity = true

  bigquery_options {
    use_partitioned_tables = true
  }
}

resource "google_bigquery_dataset_iam_member" "sink_writer" {
  dataset_id = google_bigquery_dataset.this.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = google_logging_project_sink.requests.writer_identity
}

# The build applies the sink's writer binding and the view: it owns this dataset, no other.
resource "google_bigquery_dataset_iam_member" "owner" {
  dataset_id = google_bigquery_dataset.this.dataset_id
  role       = "roles/bigquery.dataOwner"
  member     = var.dataset_owner
}

resource "google_bigquery_table" "cost_per_request" {
  # No billing export, no view: a project without one applies cleanly.
  count = var.create_view && var.billing_export_table != null ? 1 : 0

  dataset_id          = google_bigquery_dataset.this.dataset_id
  table_id            = "cost_per_request"
  description         = "Cost per request per function per day: billing export (label canopy-function) over Cloud Run request-log counts."
  deletion_protection = false

  view {
    query = templatefile("${path.module}/cost_per_request.sql.tftpl", {
      billing_export_table = var.billing_export_table
      requests_table       = local.requests_table
    })
    use_legacy_sql = false
  }

  depends_on = [google_bigquery_dataset_iam_member.sink_writer]
}
