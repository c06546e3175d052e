#!/bin/sh
# terraform apply of infra/ against the state in $_TF_STATE_BUCKET, with the
# production variables kept beside it (no secrets: only names and sizes).
# Extra arguments pass through, e.g. -target=module.function.
# Runs in hashicorp/terraform (Alpine: POSIX sh); the tfvars step has copied production.tfvars.
set -eu
cd infra
terraform init -input=false -backend-config="bucket=$_TF_STATE_BUCKET"
terraform apply -input=false -auto-approve -var-file=production.tfvars "$@"
