from django.apps import AppConfig


class SitesConfig(AppConfig):
    # Our delivery sites; django.contrib.sites is not installed, so the label is free.
    default_auto_field = "django.db.models.BigAutoField"
    name = "sites"
