output "image_repository" {
  description = "Artifact Registry path for function images."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "build_service_account" {
  description = "Email of the build's service account."
  value       = google_service_account.build.email
}

output "build_member" {
  description = "The build account as an IAM member (serviceAccount:<email>)."
  value       = google_service_account.build.member
}

output "trigger_id" {
  description = "Id of the push-to-main trigger."
  value       = google_cloudbuild_trigger.main.trigger_id
}
