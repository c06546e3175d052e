from django.contrib.auth import get_user_model, login, logout
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import LoginSerializer, UserSerializer


# APIView.as_view() marks every view csrf_exempt; a login view must still be
# CSRF protected (as django.contrib.auth.views.LoginView is), so the check is
# put back on dispatch. Its failure is Django's own 403 page.
@method_decorator(csrf_protect, name="dispatch")
class LoginView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        serializer = LoginSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        login(request, user)
        return Response(UserSerializer(user).data)


class LogoutView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@method_decorator(ensure_csrf_cookie, name="dispatch")
class SessionView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        authenticated = request.user.is_authenticated
        return Response({
            "is_authenticated": authenticated,
            "user": UserSerializer(request.user).data if authenticated else None,
        })


class UserViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff may read any user; everybody else only themselves (others are a 404)."""

    serializer_class = UserSerializer

    def get_queryset(self):
        users = get_user_model().objects.order_by("id")
        if self.request.user.is_staff:
            return users
        return users.filter(pk=self.request.user.pk)

    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response(self.get_serializer(request.user).data)
