variable "names" {
  type        = list(string)
  description = "Environment variable names the secrets are read into (DATABASE_URL, SECRET_KEY, ...); each becomes secret canopy-<name in kebab case>."

  validation {
    condition     = length(var.names) > 0 && alltrue([for n in var.names : can(regex("^[A-Z][A-Z0-9_]*$", n))])
    error_message = "names must be upper-case environment variable names."
  }
}
