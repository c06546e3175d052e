data "google_project" "this" {
  project_id = var.project_id
}

locals {
  # Pub/Sub's own service agent delivers dead letters and signs the push OIDC tokens.
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  # A topic is pushed once its consumer function is in the manifest; until then messages wait in the topic's retention.
  pushed = { for topic, t in var.topics : topic => merge(t, { service = var.consumers[t.consumer] }) if contains(keys(var.consumers), t.consumer) }
}

resource "google_pubsub_topic" "this" {
  for_each = var.topics

  name                       = each.key
  message_retention_duration = "604800s"

  message_storage_policy {
    allowed_persistence_regions = [var.region]
  }
}

resource "google_pubsub_topic" "dead_letter" {
  for_each = var.topics

  name = "${each.key}-dead-letter"

  message_storage_policy {
    allowed_persistence_regions = [var.region]
  }
}

# Dead letters stay here for inspection and replay; a topic without a subscription would drop them.
resource "google_pubsub_subscription" "dead_letter" {
  for_each = var.topics

  name                       = "${each.key}-dead-letter"
  topic                      = google_pubsub_topic.dead_letter[each.key].id
  message_retention_duration = "604800s"

  expiration_policy {
    ttl = ""
  }
}

resource "google_service_account" "push" {
  account_id   = var.push_service_account_id
  display_name = "Pub/Sub push to Canopy consumers (OIDC)"
}

# Making a push subscription that signs as the push account means acting as it.
resource "google_service_account_iam_member" "deployer" {
  service_account_id = google_service_account.push.name
  role               = "roles/iam.serviceAccountUser"
  member             = var.deployer
}

resource "google_pubsub_subscription" "push" {
  for_each = local.pushed

  name                    = "${each.key}-push"
  topic                   = google_pubsub_topic.this[each.key].id
  ack_deadline_seconds    = 60
  enable_message_ordering = true

  push_config {
    push_endpoint = "${each.value.service.uri}${each.value.push_path}"
    # The consumer checks this token itself (its PUSH_AUDIENCE and PUSH_SERVICE_ACCOUNT are these).
    oidc_token {
      service_account_email = google_service_account.push.email
      audience              = each.value.service.audience
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter[each.key].id
    max_delivery_attempts = 5
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [google_pubsub_topic_iam_member.agent_dead_letter_publisher, google_service_account_iam_member.agent_token_creator]
}

resource "google_pubsub_topic_iam_member" "agent_dead_letter_publisher" {
  for_each = var.topics

  topic  = google_pubsub_topic.dead_letter[each.key].name
  role   = "roles/pubsub.publisher"
  member = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "agent_subscriber" {
  for_each = local.pushed

  subscription = google_pubsub_subscription.push[each.key].name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}

resource "google_service_account_iam_member" "agent_token_creator" {
  service_account_id = google_service_account.push.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}
