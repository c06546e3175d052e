from rest_framework import filters, mixins, viewsets

from .models import Order
from .serializers import OrderListFilterSerializer, OrderSerializer


class OrderViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OrderSerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["created_at", "window_start", "quantity", "status", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        orders = Order.objects.select_related("customer", "site")
        if not self.request.user.is_staff:
            orders = orders.filter(customer=self.request.user)
        if self.action == "list":
            # Hand-rolled filters (no django-filter); only the list is filtered.
            params = OrderListFilterSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            orders = orders.filter(**params.validated_data)
        return orders

    def perform_create(self, serializer):
        serializer.save(customer=self.request.user)
