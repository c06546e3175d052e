from django.urls import path

from .views import OrdersSummaryView

urlpatterns = [
    path("orders-summary/", OrdersSummaryView.as_view(), name="orders-summary"),
]
