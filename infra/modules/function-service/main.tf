data "google_project" "this" {}

resource "google_service_account" "this" {
  account_id   = "canopy-${var.name}"
  display_name = "Canopy function ${var.name}"
}

resource "google_project_iam_member" "cloud_sql_client" {
  project = data.google_project.this.project_id
  role    = "roles/cloudsql.client"
  member  = google_service_account.this.member
}

# The build deploys revisions that run as this account: it may act as this one, not as every account in the project.
resource "google_service_account_iam_member" "deployer" {
  service_account_id = google_service_account.this.name
  role               = "roles/iam.serviceAccountUser"
  member             = var.deployer
}

# Only the secrets this function reads, one binding each.
resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each = var.secret_ids

  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.this.member
}

resource "google_cloud_run_v2_service" "this" {
  name                = var.name
  location            = var.region
  deletion_protection = var.deletion_protection
  # Behind the load balancer only; a push consumer takes internal traffic (Pub/Sub) only.
  ingress = var.spec.routed ? "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" : "INGRESS_TRAFFIC_INTERNAL_ONLY"
  # Cloud Run's invoker check is off for every function, and ingress is the gate:
  # - requests through an external load balancer carry no Google identity, so a routed function
  #   cannot check run.routes.invoke (and an allUsers binding is refused by organisations with
  #   domain-restricted sharing; infra/README.md, "The edge");
  # - a push consumer verifies each push's OIDC token itself (signature, audience, signer), and
  #   Cloud Run's check would replace the token's signature (SIGNATURE_REMOVED_BY_GOOGLE) first.
  invoker_iam_disabled = true
  # One audience for every URL of the service, tagged revisions included (the build's smoke test, push tokens).
  custom_audiences = [var.audience]
  labels           = local.labels

  template {
    service_account                  = google_service_account.this.email
    labels                           = local.labels
    max_instance_request_concurrency = var.spec.concurrency
    timeout                          = "${var.spec.timeout_seconds}s"

    scaling {
      min_instance_count = 0
      max_instance_count = var.spec.max_instances
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
          cpu    = var.spec.cpu
          memory = var.spec.memory
        }
        cpu_idle          = local.billing.cpu_idle
        startup_cpu_boost = local.billing.startup_cpu_boost
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
        for_each = var.env
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
    # Cloud Build owns the image, the revision names, the bundle label and traffic
    # (gcloud run deploy --no-traffic --tag, then update-traffic --to-tags).
    ignore_changes = [
      client,
      client_version,
      traffic,
      template[0].revision,
      template[0].containers[0].image,
      template[0].labels["canopy-bundle"],
    ]
  }

  depends_on = [google_secret_manager_secret_iam_member.accessor, google_project_iam_member.cloud_sql_client]
}

locals {
  # What each billing mode sets on the revision (npm run cost models both):
  # - request: CPU only while a request is in flight (cpu_idle), billed per
  #   request-busy instance time plus a fee per request;
  # - instance: CPU always allocated, billed for the instance's whole lifetime
  #   at a lower rate, no request fee; work after the answer (shadow
  #   comparisons, dry runs) runs at full speed.
  # Startup CPU boost stays on in both: a cold start delays a request either way.
  billing_modes = {
    request  = { cpu_idle = true, startup_cpu_boost = true }
    instance = { cpu_idle = false, startup_cpu_boost = true }
  }
  billing = local.billing_modes[var.spec.billing]

  # For billing-export attribution: the cost view groups by this label.
  labels = { canopy-function = var.name }
}
