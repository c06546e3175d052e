"""
The alternate configuration's pagination (monolith/alternate.py): DRF has no
setting for a client-chosen page size, only PageNumberPagination's class
attributes, so the configuration names this subclass. It changes attributes
only, which canopy_export exports; it overrides no method.
"""
from rest_framework.pagination import PageNumberPagination


class ClientSizedPageNumberPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 50
