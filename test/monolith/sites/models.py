from django.conf import settings
from django.db import models


class Site(models.Model):
    """A place a customer has fuel delivered to."""

    customer = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="sites", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    address = models.CharField(max_length=255)
    postcode = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.name} ({self.postcode})"
