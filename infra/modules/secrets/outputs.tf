output "ids" {
  description = "Secret id (projects/<p>/secrets/<id>) by environment variable name."
  value       = { for name, secret in google_secret_manager_secret.this : name => secret.id }
}
