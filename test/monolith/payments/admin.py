from django.contrib import admin

from .models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["id", "provider_event_id", "order", "amount", "currency", "received_at"]
    list_filter = ["currency", "received_at"]
    search_fields = ["provider_event_id", "order__id"]
    ordering = ["-received_at", "-id"]
    raw_id_fields = ["order"]
