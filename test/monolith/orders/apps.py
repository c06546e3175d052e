from django.apps import AppConfig
from django.db.models.signals import post_save


class OrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orders"

    def ready(self):
        from . import signals
        from .models import Order

        post_save.connect(signals.order_created, sender=Order, dispatch_uid="orders.order_created")
