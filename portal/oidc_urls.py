"""OpenID Connect sign-in at /oidc/, present only when settings OIDC_RP_CLIENT_ID is set.

Outside the language prefixes, because the identity provider is configured with one fixed
callback address.
"""

from django.conf import settings
from django.urls import include, path

urlpatterns = []

if settings.OIDC_ENABLED:
    urlpatterns += [path("oidc/", include("mozilla_django_oidc.urls"))]
