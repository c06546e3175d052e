# order-events calls the dispatch partner and refuses to start without its URL:
# fail the plan rather than a deploy's smoke test.
resource "terraform_data" "order_events_dispatch_url" {
  count = contains(keys(local.functions), "order-events") ? 1 : 0
  input = "order-events"

  lifecycle {
    precondition {
      condition     = can(var.function_env["order-events"]["DISPATCH_URL"])
      error_message = "order-events needs the dispatch partner's URL: set function_env = { \"order-events\" = { DISPATCH_URL = \"https://...\" } } (see terraform.tfvars.example)."
    }
  }
}
