from django.apps import AppConfig


class CanopyExportConfig(AppConfig):
    name = "canopy_export"
    verbose_name = "Canopy settings export"
