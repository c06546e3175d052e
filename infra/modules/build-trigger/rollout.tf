# Where production rollouts run (README "Rollouts in production"): a manual
# trigger, run per route, as an account that may do what a rollout does and
# no more: read and write the gates' tables (Cloud SQL), read its three
# secrets, announce on its topic, write its build log. Pushing a step to main
# is the GitHub token's right, not a Google one; the build that push starts
# applies the URL map with the build account.
resource "google_service_account" "rollout" {
  account_id   = "canopy-rollout"
  display_name = "Canopy rollout: gates, kill switch, manifest commits, notices"
}

resource "google_project_iam_member" "rollout" {
  for_each = toset(["roles/cloudsql.client", "roles/logging.logWriter"])

  project = var.project_id
  role    = each.value
  member  = google_service_account.rollout.member
}

# Values are added by an operator (gcloud secrets versions add): a fine-grained
# GitHub token with contents:write on this repository, and the chat webhook URL.
resource "google_secret_manager_secret" "rollout" {
  for_each = toset(["canopy-rollout-git-token", "canopy-rollout-webhook"])

  secret_id = each.value
  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_iam_member" "rollout" {
  for_each = merge(
    { for name, secret in google_secret_manager_secret.rollout : name => secret.id },
    { database_url = var.database_url_secret_id },
  )

  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.rollout.member
}

resource "google_pubsub_topic" "rollout_notices" {
  name = "canopy-rollout-notices"
}

resource "google_pubsub_topic_iam_member" "rollout_notices" {
  topic  = google_pubsub_topic.rollout_notices.name
  role   = "roles/pubsub.publisher"
  member = google_service_account.rollout.member
}

resource "google_cloudbuild_trigger" "rollout" {
  name            = "canopy-rollout"
  description     = "Run per route: npm run rollout -- $_ROUTE --auto, pushing each step to main (rollout.cloudbuild.yaml)."
  service_account = google_service_account.rollout.id

  source_to_build {
    uri       = "https://github.com/${var.github.owner}/${var.github.name}"
    ref       = "refs/heads/main"
    repo_type = "GITHUB"
  }

  git_file_source {
    path      = "rollout.cloudbuild.yaml"
    uri       = "https://github.com/${var.github.owner}/${var.github.name}"
    revision  = "refs/heads/main"
    repo_type = "GITHUB"
  }

  substitutions = {
    _REGION             = var.region
    _REPOSITORY         = google_artifact_registry_repository.images.repository_id
    _WORKER_POOL        = var.worker_pool
    _CLOUD_SQL_INSTANCE = var.cloud_sql_instance
    _GITHUB_REPOSITORY  = "${var.github.owner}/${var.github.name}"
    _ROUTE              = ""
    _ROLLOUT_FLAGS      = ""
  }

  include_build_logs = "INCLUDE_BUILD_LOGS_WITH_STATUS"
}
