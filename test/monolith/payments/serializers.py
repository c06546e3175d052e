from decimal import Decimal

from rest_framework import serializers


class WebhookEventSerializer(serializers.Serializer):
    """The envelope every provider event has."""

    id = serializers.CharField(max_length=128)
    type = serializers.CharField(max_length=64)


class PaymentDataSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    currency = serializers.CharField(min_length=3, max_length=3)


class PaymentSucceededEventSerializer(WebhookEventSerializer):
    data = PaymentDataSerializer()
