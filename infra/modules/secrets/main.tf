# Secret containers only: no value is ever written here or in any file.
# Versions are added out of band (gcloud secrets versions add), so values
# never pass through Terraform state, but for ORIGIN_TOKEN's, which the load
# balancer itself sends (a header on the monolith's backend service).
resource "google_secret_manager_secret" "this" {
  for_each = toset(var.names)

  secret_id = "canopy-${lower(replace(each.key, "_", "-"))}"
  labels    = { canopy-env = lower(each.key) }

  replication {
    auto {}
  }
}
