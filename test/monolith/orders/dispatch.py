"""Client of the dispatch partner, which schedules a delivery for an order."""
import requests
from django.conf import settings


class DispatchError(Exception):
    """The partner did not accept the order; str() is a short reason."""


def order_payload(order):
    return {
        "order_id": order.pk,
        "site_id": order.site_id,
        "postcode": order.site.postcode,
        "product": order.product,
        "quantity": str(order.quantity),
        "window_start": order.window_start.isoformat(),
        "window_end": order.window_end.isoformat(),
    }


def dispatch_order(order):
    """POST the new order to the partner, synchronously, within DISPATCH_TIMEOUT."""
    try:
        response = requests.post(
            f"{settings.DISPATCH_URL}/dispatch",
            json=order_payload(order),
            timeout=settings.DISPATCH_TIMEOUT,
            headers={"Idempotency-Key": f"order-{order.pk}-created"},
        )
        response.raise_for_status()
    except requests.Timeout as exc:
        raise DispatchError("timeout") from exc
    except requests.ConnectionError as exc:
        raise DispatchError("connection error") from exc
    except requests.HTTPError as exc:
        raise DispatchError(f"HTTP {exc.response.status_code}") from exc
    except requests.RequestException as exc:
        raise DispatchError(type(exc).__name__) from exc
    return response
