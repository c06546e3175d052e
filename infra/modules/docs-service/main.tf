resource "google_service_account" "this" {
  account_id   = "canopy-${var.name}"
  display_name = "Canopy API reference"
}

# The build deploys revisions that run as this account (deploy-<name>): it may act as this one, not as every account in the project.
resource "google_service_account_iam_member" "deployer" {
  service_account_id = google_service_account.this.name
  role               = "roles/iam.serviceAccountUser"
  member             = var.deployer
}

# The API reference's static files, baked into the image (tools/openapi/service.ts): no database, no secrets,
# no project role. Its account exists so that it does not run as the Compute Engine default account.
resource "google_cloud_run_v2_service" "this" {
  name                = var.name
  location            = var.region
  deletion_protection = var.deletion_protection
  # Behind the load balancer only (its route rules for /api/docs), as a routed function.
  ingress = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
  # As the routed functions: the load balancer's requests carry no Google identity, and an allUsers
  # binding is refused by domain-restricted sharing (infra/README.md, "The edge"); ingress is the gate.
  invoker_iam_disabled = true
  # The build's smoke test mints its identity token for this audience, as for a function.
  custom_audiences = ["canopy-${var.name}"]
  labels           = local.labels

  template {
    service_account                  = google_service_account.this.email
    labels                           = local.labels
    max_instance_request_concurrency = 250

    scaling {
      min_instance_count = 0
      max_instance_count = var.max_instances
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
          memory = "256Mi"
        }
        # CPU only while a request is in flight: nothing runs between requests.
        cpu_idle          = true
        startup_cpu_boost = true
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
}

locals {
  # Not canopy-function: the reference is no migrated endpoint, so it stays out of cost per request.
  labels = { canopy-service = var.name }
}
