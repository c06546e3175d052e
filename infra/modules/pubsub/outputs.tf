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
