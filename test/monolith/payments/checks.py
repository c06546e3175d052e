from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_webhook_secret(app_configs, **kwargs):
    if settings.PAYMENTS_WEBHOOK_SECRET == settings.PAYMENTS_WEBHOOK_DEV_SECRET:
        return [
            Warning(
                "PAYMENTS_WEBHOOK_SECRET is not set; payment webhooks are verified with the dev-only key.",
                hint="Set PAYMENTS_WEBHOOK_SECRET to the provider's signing secret.",
                id="payments.W001",
            )
        ]
    return []
