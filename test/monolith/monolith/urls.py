"""URL configuration of the monolith: every API lives under /api/."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("accounts.urls")),
    path("api/", include("sites.urls")),
    path("api/", include("orders.urls")),
    path("api/webhooks/", include("payments.urls")),
    path("api/reports/", include("reports.urls")),
]
