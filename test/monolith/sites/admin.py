from django.contrib import admin

from .models import Site


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "customer", "postcode", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["name", "address", "postcode", "customer__username"]
    raw_id_fields = ["customer"]
