# Each function's required plain settings (its manifest entry's "env"), which the operator gives in
# var.function_env: a function refuses to start without them, so fail the plan rather than a deploy's
# smoke test.
locals {
  required_function_env = merge([
    for name, spec in local.manifest.functions : {
      for setting, what in lookup(spec, "env", {}) : "${name}.${setting}" => { function = name, setting = setting, what = what }
    }
  ]...)
}

resource "terraform_data" "required_function_env" {
  for_each = local.required_function_env
  input    = each.key

  lifecycle {
    precondition {
      condition     = can(var.function_env[each.value.function][each.value.setting])
      error_message = "${each.value.function} needs ${each.value.setting}, ${each.value.what}: set function_env = { \"${each.value.function}\" = { ${each.value.setting} = \"...\" } } (see terraform.tfvars.example)."
    }
  }
}
