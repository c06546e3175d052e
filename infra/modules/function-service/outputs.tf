output "service_name" {
  description = "Name of the Cloud Run service (the serverless NEG's target)."
  value       = google_cloud_run_v2_service.this.name
}

output "service" {
  description = "The service's name, location, URI (a Pub/Sub push endpoint for consumers) and OIDC audience (what push tokens are minted for)."
  value = {
    name     = google_cloud_run_v2_service.this.name
    location = google_cloud_run_v2_service.this.location
    uri      = google_cloud_run_v2_service.this.uri
    audience = var.audience
  }
}

output "service_account_email" {
  description = "The function's own service account."
  value       = google_service_account.this.email
}
