terraform {
  # check and terraform_data need 1.5+.
  required_version = ">= 1.5.0, < 2.0.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }

  # The bucket is given at init: terraform init -backend-config="bucket=<state bucket>".
  backend "gcs" {
    prefix = "canopy"
  }
}
