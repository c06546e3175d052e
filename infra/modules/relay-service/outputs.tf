output "service_name" {
  description = "Name of the relay's Cloud Run service."
  value       = google_cloud_run_v2_service.this.name
}

output "service" {
  description = "The relay service's name, location and URI (internal ingress: health only)."
  value = {
    name     = google_cloud_run_v2_service.this.name
    location = google_cloud_run_v2_service.this.location
    uri      = google_cloud_run_v2_service.this.uri
  }
}

output "service_account_email" {
  description = "The relay's own service account: Cloud SQL client, its secrets, publisher on the event topics."
  value       = google_service_account.this.email
}
