resource "google_service_account" "this" {
  account_id   = "canopy-${var.name}"
  display_name = "Canopy outbox relay"
}

# The build deploys revisions that run as this account (deploy-relay): it may act as this one, not as every account in the project.
resource "google_service_account_iam_member" "deployer" {
  service_account_id = google_service_account.this.name
  role               = "roles/iam.serviceAccountUser"
  member             = var.deployer
}

resource "google_project_iam_member" "cloud_sql_client" {
  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = google_service_account.this.member
}

# Only the secrets the relay reads (DATABASE_URL), one binding each.
resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each = var.secret_ids

  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.this.member
}

# Publisher on the event topics only: not on their dead-letter topics, not project-wide.
resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = var.publish_topics

  topic  = each.value
  role   = "roles/pubsub.publisher"
  member = google_service_account.this.member
}

# Reader of the load balancer's request logs (its one subscription): the relay stores them for the rollout gates.
resource "google_pubsub_subscription_iam_member" "request_logs" {
  subscription = var.observation_subscription.name
  role         = "roles/pubsub.subscriber"
  member       = google_service_account.this.member
}

resource "google_cloud_run_v2_service" "this" {
  name                = var.name
  location            = var.region
  deletion_protection = var.deletion_protection
  # Nobody calls the relay: its only HTTP endpoint is health, which Cloud Run's probes reach anyway.
  ingress = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  labels  = local.labels

  template {
    service_account = google_service_account.this.email
    labels          = local.labels

    # Exactly one relay: it works without requests, so it must never scale to zero,
    # and one instance keeps the connection count fixed (a second during a deploy is harmless:
    # rows are claimed with SKIP LOCKED, one ordering key at a time).
    scaling {
      min_instance_count = 1
      max_instance_count = 1
    }

    volumes {
      name = "cloudsql"
      cloud_sql_instance {
        instances = [var.cloud_sql_instance]
      }
    }

    containers {
      # Cloud Build deploys the real image; this placeholder only lets Terraform create the service first.
      image = var.bootstrap_image

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "1000m"
          memory = var.memory
        }
        # CPU always allocated: the relay's loop runs between requests (it never gets any).
        cpu_idle = false
      }

      # Ready once the relay has connected and listens for outbox inserts (health is served after that).
      startup_probe {
        period_seconds    = 5
        timeout_seconds   = 3
        failure_threshold = 12
        http_get {
          path = "/"
          port = 8080
        }
      }

      # GET / answers 503 once no batch has ended for 30 s (a stuck publish, a lost database): restart it.
      liveness_probe {
        period_seconds    = 10
        timeout_seconds   = 5
        failure_threshold = 3
        http_get {
          path = "/"
          port = 8080
        }
      }

      dynamic "env" {
        for_each = var.secret_ids
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value
              version = "latest"
            }
          }
        }
      }

      dynamic "env" {
        for_each = local.env
        content {
          name  = env.key
          value = env.value
        }
      }

      volume_mounts {
        name       = "cloudsql"
        mount_path = "/cloudsql"
      }
    }
  }

  lifecycle {
    # Cloud Build owns the image, the revision names and the bundle label (gcloud run deploy).
    ignore_changes = [
      client,
      client_version,
      traffic,
      template[0].revision,
      template[0].containers[0].image,
      template[0].labels["canopy-bundle"],
    ]
  }

  depends_on = [google_secret_manager_secret_iam_member.accessor, google_project_iam_member.cloud_sql_client, google_pubsub_topic_iam_member.publisher]
}

locals {
  # Cloud Run does not set GOOGLE_CLOUD_PROJECT: the relay publishes to the topics of this project.
  # Its pool is the size the connection budget counts (the root's relay_db_pool_size).
  env = merge(var.env, { GOOGLE_CLOUD_PROJECT = var.project_id, OBSERVATIONS_SUBSCRIPTION = var.observation_subscription.name, RELAY_DB_POOL_MAX = tostring(var.db_pool_size) })
  # Not canopy-function: the relay serves no requests, so it stays out of cost per request
  # and is attributed in the billing export as the async path's fixed cost.
  labels = { canopy-service = var.name }
}
