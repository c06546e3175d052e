resource "google_artifact_registry_repository" "images" {
  repository_id = "canopy"
  location      = var.region
  format        = "DOCKER"
  description   = "Function images: <function>:<commit sha> and <function>:bundle-<bundle sha256>."

  # Keep recent images for rollbacks; drop the rest after 30 days.
  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 20
    }
  }

  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      older_than = "2592000s"
    }
  }
}

resource "google_service_account" "build" {
  account_id   = "canopy-build"
  display_name = "Canopy Cloud Build: tests, images, deploys and terraform apply"
}

# The build applies this Terraform configuration, so it holds the roles to manage what it declares
# once an operator's first apply has made it: functions come and go, the rest only changes by review.
resource "google_project_iam_member" "build" {
  for_each = toset(var.build_roles)

  project = var.project_id
  role    = each.value
  member  = google_service_account.build.member
}

# A new function's account needs roles/cloudsql.client on the project. The build
# may grant that role and no other, so it cannot widen its own roles: a change
# to build_roles goes through an operator's apply.
resource "google_project_iam_member" "build_grants_cloud_sql_client" {
  project = var.project_id
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = google_service_account.build.member

  condition {
    title       = "grants roles/cloudsql.client only"
    description = "Canopy build: function accounts' Cloud SQL access"
    expression  = "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/cloudsql.client'])"
  }
}

# State objects, and this binding itself (Terraform reads the bucket's IAM policy on every plan).
resource "google_storage_bucket_iam_member" "state" {
  bucket = var.tf_state_bucket
  role   = "roles/storage.admin"
  member = google_service_account.build.member
}

resource "google_cloudbuild_trigger" "main" {
  name            = "canopy-main"
  description     = "On push to main: test, build one image per function, deploy tagged with no traffic, smoke-test, move traffic, apply infra."
  filename        = "cloudbuild.yaml"
  service_account = google_service_account.build.id

  github {
    owner = var.github.owner
    name  = var.github.name
    push {
      branch = "^main$"
    }
  }

  # Read by cloudbuild.yaml (options.automapSubstitutions exposes them to every step as environment variables).
  substitutions = {
    _REGION          = var.region
    _REPOSITORY      = google_artifact_registry_repository.images.repository_id
    _TF_STATE_BUCKET = var.tf_state_bucket
    _WORKER_POOL     = var.worker_pool
    # db-migrate and modes reach the database through its socket, as the functions do (infra/deploy/cloud-sql.sh).
    _CLOUD_SQL_INSTANCE = var.cloud_sql_instance
  }

  include_build_logs = "INCLUDE_BUILD_LOGS_WITH_STATUS"

  depends_on = [google_project_iam_member.build]
}
