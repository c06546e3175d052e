from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AuditEntry
from orders.models import Order

from . import signature
from .models import Payment
from .serializers import PaymentSucceededEventSerializer, WebhookEventSerializer


class PaymentWebhookView(APIView):
    """Events from the payment provider, authenticated by their HMAC signature only."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]

    def post(self, request):
        try:
            signature.verify(
                request.headers.get("Payment-Signature"),
                request.body,
                settings.PAYMENTS_WEBHOOK_SECRET,
                settings.PAYMENTS_WEBHOOK_TOLERANCE,
            )
        except signature.SignatureError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)

        envelope = WebhookEventSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        if envelope.validated_data["type"] != "payment.succeeded":
            return Response({"status": "ignored"})

        event = PaymentSucceededEventSerializer(data=request.data)
        event.is_valid(raise_exception=True)
        event_id, data = event.validated_data["id"], event.validated_data["data"]
        order = get_object_or_404(Order, pk=data["order_id"])
        if Payment.objects.filter(provider_event_id=event_id).exists():
            return Response({"status": "duplicate"})
        try:
            with transaction.atomic():
                self.record_payment(order, event_id, data)
        except IntegrityError:  # the same event, delivered twice at once
            return Response({"status": "duplicate"})
        return Response({"status": "processed"})

    def record_payment(self, order, event_id, data):
        Payment.objects.create(
            order=order, provider_event_id=event_id, amount=data["amount"], currency=data["currency"]
        )
        order = Order.objects.select_for_update().get(pk=order.pk)
        order.paid_at = timezone.now()
        if order.status == Order.Status.PENDING:
            order.status = Order.Status.CONFIRMED
        order.save(update_fields=["paid_at", "status", "updated_at"])
        AuditEntry.objects.create(
            actor=None,
            action="order.paid",
            object_type="order",
            object_id=str(order.pk),
            data={"event_id": event_id, "amount": str(data["amount"]), "currency": data["currency"]},
        )
