import logging

from audit.models import AuditEntry

from .dispatch import DispatchError, dispatch_order

logger = logging.getLogger(__name__)


def order_created(sender, instance, created, raw=False, **kwargs):
    """post_save on Order: audit the new order and hand it to the dispatch partner.

    The partner is called in the request, synchronously; a failure is logged
    and audited but never fails the order.
    """
    if not created or raw:
        return
    order = instance
    AuditEntry.objects.create(
        actor=order.customer,
        action="order.created",
        object_type="order",
        object_id=str(order.pk),
        data={"product": order.product, "quantity": str(order.quantity), "site_id": order.site_id},
    )
    try:
        dispatch_order(order)
    except DispatchError as exc:
        logger.warning("Dispatch of order %s failed: %s", order.pk, exc)
        AuditEntry.objects.create(
            actor=order.customer,
            action="order.dispatch_failed",
            object_type="order",
            object_id=str(order.pk),
            data={"error": str(exc)},
        )
