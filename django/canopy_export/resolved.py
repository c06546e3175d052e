"""
How the monolith resolves a path Canopy migrated: the URL pattern that matches
it and the view behind it, with the classes the view itself sets (a view's own
authentication, permission, parser, renderer, pagination and throttle classes
and its serializer are not settings, so the export cannot carry them). Canopy's
drift check compares this with what its functions were built against.
"""
from django.urls import Resolver404, resolve

from canopy_export.collect import dotted

# A DRF view's classes and the REST_FRAMEWORK setting each defaults to: listed
# only where the view sets its own (the export already carries the settings).
VIEW_CLASSES = {
    "authentication_classes": "DEFAULT_AUTHENTICATION_CLASSES",
    "permission_classes": "DEFAULT_PERMISSION_CLASSES",
    "parser_classes": "DEFAULT_PARSER_CLASSES",
    "renderer_classes": "DEFAULT_RENDERER_CLASSES",
    "pagination_class": "DEFAULT_PAGINATION_CLASS",
    "throttle_classes": "DEFAULT_THROTTLE_CLASSES",
    "filter_backends": "DEFAULT_FILTER_BACKENDS",
    "versioning_class": "DEFAULT_VERSIONING_CLASS",
    "content_negotiation_class": "DEFAULT_CONTENT_NEGOTIATION_CLASS",
    "metadata_class": "DEFAULT_METADATA_CLASS",
}
# What a DRF view decides with no setting behind it.
VIEW_ATTRIBUTES = ["serializer_class", "ordering_fields", "ordering", "search_fields", "lookup_field", "lookup_url_kwarg"]


def view_of(func):
    """The class behind a view function (DRF's .cls, Django's .view_class), else the function itself."""
    return getattr(func, "cls", None) or getattr(func, "view_class", None) or func


def describe(path):
    """What resolves `path` (a URL path such as /api/orders/1/), or None when nothing does."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view = view_of(match.func)
    described = {
        "route": match.route,
        "url_name": match.view_name,
        "view": dotted(view),
        # A viewset's method -> action map (its router's), or None for a plain view.
        "actions": getattr(match.func, "actions", None),
    }
    # DRF's views are all csrf_exempt to Django (SessionAuthentication checks CSRF itself); a plain view's matters.
    if not hasattr(view, "authentication_classes"):
        described["csrf_exempt"] = bool(getattr(match.func, "csrf_exempt", False))
    from rest_framework.settings import api_settings

    for name, setting in VIEW_CLASSES.items():
        if hasattr(view, name) and dotted(getattr(view, name)) != dotted(getattr(api_settings, setting)):
            described[name] = dotted(getattr(view, name))
    for name in VIEW_ATTRIBUTES:
        if hasattr(view, name):
            described[name] = dotted(getattr(view, name))
    return described
