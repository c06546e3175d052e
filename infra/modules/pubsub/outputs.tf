output "push_service_account_email" {
  description = "The account Pub/Sub signs push tokens as (the consumers' PUSH_SERVICE_ACCOUNT)."
  value       = google_service_account.push.email
}

output "topics" {
  description = "Topic id by name."
  value       = { for name, topic in google_pubsub_topic.this : name => topic.id }
}

output "dead_letter_subscriptions" {
  description = "Dead-letter subscription id by topic name: where undeliverable messages wait."
  value       = { for name, sub in google_pubsub_subscription.dead_letter : name => sub.id }
}

output "push_subscriptions" {
  description = "Push subscription id by topic name (only for topics whose consumer is deployed)."
  value       = { for name, sub in google_pubsub_subscription.push : name => sub.id }
}
