variable "names" {
  type        = list(string)
  description = "Secret names (SECRET_KEY, DATABASE_URL, USERS_DATABASE_URL, ...); each becomes secret canopy-<name in kebab case>."

  validation {
    condition     = length(var.names) > 0 && alltrue([for n in var.names : can(regex("^[A-Z][A-Z0-9_]*$", n))])
    error_message = "names must be upper-case environment variable names."
  }
}
