from datetime import timedelta

from rest_framework import serializers

from sites.models import Site

from .models import Order

MAX_WINDOW = timedelta(days=7)


class CustomerSiteField(serializers.PrimaryKeyRelatedField):
    """A site id, looked up among the requesting user's own sites only."""

    def get_queryset(self):
        return Site.objects.filter(customer=self.context["request"].user)


class OrderSerializer(serializers.ModelSerializer):
    site = CustomerSiteField()

    class Meta:
        model = Order
        fields = [
            "id", "customer", "site", "product", "quantity", "window_start", "window_end",
            "status", "paid_at", "created_at", "updated_at",
        ]
        read_only_fields = ["customer", "status", "paid_at", "created_at", "updated_at"]

    def validate(self, attrs):
        start, end = attrs["window_start"], attrs["window_end"]
        if end <= start:
            raise serializers.ValidationError({"window_end": "Delivery window must end after it starts."})
        if end - start > MAX_WINDOW:
            raise serializers.ValidationError({"window_end": "Delivery window cannot be longer than 7 days."})
        return attrs


class OrderListFilterSerializer(serializers.Serializer):
    """Validates the list filters in the query string (?status=&product=&site=).

    A value that is not a valid choice / not an integer is a 400 with a field
    error, as django-filter would answer; an empty value (?status=) means no
    filter; a site id that is not the user's gives an empty page.
    """

    status = serializers.ChoiceField(choices=Order.Status.choices, required=False)
    product = serializers.ChoiceField(choices=Order.Product.choices, required=False)
    site = serializers.IntegerField(required=False)
