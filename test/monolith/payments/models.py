from django.db import models


class Payment(models.Model):
    """A payment the provider told us about through its webhook."""

    order = models.ForeignKey("orders.Order", related_name="payments", on_delete=models.PROTECT)
    provider_event_id = models.CharField(max_length=128, unique=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.provider_event_id}: {self.amount} {self.currency}"
