output "service_name" {
  description = "Name of the Cloud Run service (the serverless NEG's target)."
  value       = google_cloud_run_v2_service.this.name
}

output "service" {
  description = "The service's name, location and URI (a Pub/Sub push endpoint and OIDC audience for consumers)."
  value = {
    name     = google_cloud_run_v2_service.this.name
    location = google_cloud_run_v2_service.this.location
    uri      = google_cloud_run_v2_service.this.uri
  }
}

output "service_account_email" {
  description = "The function's own service account."
  value       = google_service_account.this.email
}
