"""JWT issue and refresh at /auth/token/ for the session that the portal sign-in page opens.

GET /auth/token/ with a session cookie gives a token pair for the signed-in user: the
provider web UI sends the browser to /accounts/login/ (the portal's sign-in page) and then
calls it with credentials.
"""

from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from ..lockout import AccountLocked, remaining_lockout
from .base import JsonApiMixin


class ClaimsTokenSerializer(TokenObtainPairSerializer):
    """Adds the first_name and last_name claims that the web UI shows, and keeps `user_id` an
    int as the original backend sent it (simplejwt 5.5 writes it as a string)."""

    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        token[jwt_settings.USER_ID_CLAIM] = user.pk
        token["first_name"] = user.first_name
        token["last_name"] = user.last_name
        return token


class TokenView(JsonApiMixin, TokenObtainPairView):
    serializer_class = ClaimsTokenSerializer
    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.AuthenticationFailed:
            # django-axes marks the request it refused for a lockout; tell the caller how
            # long to wait instead of "wrong credentials".
            if getattr(request, "axes_locked_out", False):
                raise AccountLocked(remaining_lockout(request, getattr(request, "axes_credentials", None))) from None
            raise

    def get(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        refresh = ClaimsTokenSerializer.get_token(user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)}, status=status.HTTP_200_OK)

    def get_authenticate_header(self, request):
        return 'Bearer realm="api"'


class RefreshView(JsonApiMixin, TokenRefreshView):
    pass
