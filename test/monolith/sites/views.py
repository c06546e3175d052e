from django.db.models import ProtectedError
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException

from .models import Site
from .serializers import SiteSerializer


class SiteInUse(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This site has orders and cannot be deleted."
    default_code = "site_in_use"


class SiteViewSet(viewsets.ModelViewSet):
    """A customer's own delivery sites; staff see every site."""

    serializer_class = SiteSerializer

    def get_queryset(self):
        sites = Site.objects.order_by("id")
        if self.request.user.is_staff:
            return sites
        return sites.filter(customer=self.request.user)

    def perform_create(self, serializer):
        serializer.save(customer=self.request.user)

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError:  # Order.site is PROTECT
            raise SiteInUse()
