from decimal import Decimal

from django.db.models import Count, Sum
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from orders.models import Order


class OrdersSummaryView(APIView):
    """Order counts by status and by product, and the total quantity per product (staff only).

    Every status and product is listed, in the order of their choices, zero when
    there is none; quantities are decimal strings with two places.
    """

    permission_classes = [IsAdminUser]

    def get(self, request):
        orders = Order.objects.order_by()
        by_status = dict(orders.values_list("status").annotate(count=Count("id")))
        by_product = {
            row["product"]: row
            for row in orders.values("product").annotate(count=Count("id"), quantity=Sum("quantity"))
        }
        return Response({
            "total": sum(by_status.values()),
            "by_status": {value: by_status.get(value, 0) for value in Order.Status.values},
            "by_product": {
                value: {
                    "count": by_product.get(value, {}).get("count", 0),
                    "total_quantity": str(by_product.get(value, {}).get("quantity") or Decimal("0.00")),
                }
                for value in Order.Product.values
            },
        })
