# The API reference in production (infra/README.md, "The API reference in production"): a Cloud Run
# service serving npm run openapi's files, behind the load balancer's route rules for /api/docs.
module "docs" {
  source = "./modules/docs-service"

  region              = var.region
  deletion_protection = var.deletion_protection
  deployer            = module.build_trigger.build_member

  depends_on = [google_project_service.this]
}
