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
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from ..exceptions import exception_handler
from ..language import LanguageMixin


class ClaimsTokenSerializer(TokenObtainPairSerializer):
    """Adds the first_name and last_name claims that the web UI shows."""

    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        token["first_name"] = user.first_name
        token["last_name"] = user.last_name
        return token


class TokenView(LanguageMixin, TokenObtainPairView):
    serializer_class = ClaimsTokenSerializer
    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]

    def get_exception_handler(self):
        return exception_handler

    def get(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        refresh = ClaimsTokenSerializer.get_token(user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)}, status=status.HTTP_200_OK)

    def get_authenticate_header(self, request):
        return 'Bearer realm="api"'


class RefreshView(LanguageMixin, TokenRefreshView):
    def get_exception_handler(self):
        return exception_handler
