# Every Google API this configuration and the build use, enabled before any
# module needs it (each module depends on these). A new project has only a few
# on; enabling one takes a minute and costs nothing by itself.
locals {
  services = [
    "artifactregistry.googleapis.com",     # image repository (build-trigger)
    "bigquery.googleapis.com",             # request-log dataset and cost view (billing)
    "cloudbuild.googleapis.com",           # the trigger and the builds
    "cloudresourcemanager.googleapis.com", # project IAM bindings
    "compute.googleapis.com",              # load balancer, NEGs, Cloud Armor, certificates
    "iam.googleapis.com",                  # service accounts and their IAM
    "iamcredentials.googleapis.com",       # OIDC tokens for Pub/Sub push and the smoke test
    "logging.googleapis.com",              # request-log sink, log-based metrics
    "monitoring.googleapis.com",           # alert policies
    "pubsub.googleapis.com",               # order-events topics and push subscription
    "run.googleapis.com",                  # the functions
    "secretmanager.googleapis.com",        # the functions' secrets
    "sqladmin.googleapis.com",             # Cloud Run's /cloudsql mount and the build's Cloud SQL Auth Proxy
    "storage.googleapis.com",              # the state bucket's IAM
  ]
}

resource "google_project_service" "this" {
  for_each = toset(local.services)

  project = var.project_id
  service = each.value
  # Other workloads in the project may use the same APIs.
  disable_on_destroy = false
}
