output "service_name" {
  description = "Name of the API reference's Cloud Run service (the load balancer's serverless NEG target)."
  value       = google_cloud_run_v2_service.this.name
}

output "service" {
  description = "The service's name, location and URI (ingress: the load balancer only)."
  value = {
    name     = google_cloud_run_v2_service.this.name
    location = google_cloud_run_v2_service.this.location
    uri      = google_cloud_run_v2_service.this.uri
  }
}
