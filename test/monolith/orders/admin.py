from django.contrib import admin

from .models import Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["id", "customer", "site", "product", "quantity", "status", "window_start", "paid_at", "created_at"]
    list_filter = ["status", "product", "created_at"]
    search_fields = ["id", "customer__username", "site__name", "site__postcode"]
    date_hierarchy = "created_at"
    raw_id_fields = ["customer", "site"]
    readonly_fields = ["created_at", "updated_at"]
