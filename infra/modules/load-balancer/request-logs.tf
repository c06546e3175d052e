# The rollout gates' observations in production: every backend's request log
# goes through a sink to a topic, and the relay pulls it into
# canopy.route_observations (relay/observations; README "Observations in production").
resource "google_pubsub_topic" "requests" {
  name = "canopy-lb-requests"
  # Unread entries are worth nothing after the gates' 15-minute window.
  message_retention_duration = "86400s"
}

resource "google_logging_project_sink" "requests" {
  name        = "canopy-lb-requests"
  destination = "pubsub.googleapis.com/${google_pubsub_topic.requests.id}"
  # This load balancer's backend services only, not another's in the project.
  filter                 = "resource.type=\"http_load_balancer\" AND resource.labels.url_map_name=\"${google_compute_url_map.https.name}\""
  unique_writer_identity = true
}

# The sink's own identity may publish to this topic and nothing else.
resource "google_pubsub_topic_iam_member" "sink_publisher" {
  topic  = google_pubsub_topic.requests.name
  role   = "roles/pubsub.publisher"
  member = google_logging_project_sink.requests.writer_identity
}

# Pulled by the always-on relay: no push endpoint, no ingress, no extra service.
resource "google_pubsub_subscription" "requests" {
  name                       = "canopy-lb-requests-relay"
  topic                      = google_pubsub_topic.requests.id
  ack_deadline_seconds       = 60
  message_retention_duration = "86400s"

  expiration_policy {
    ttl = ""
  }
}
