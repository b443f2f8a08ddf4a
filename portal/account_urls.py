"""Sign-in, sign-out and password reset at /accounts/, outside the language prefixes: API v1
clients sign in at /accounts/login/, as in the original backend."""

from django.conf import settings
from django.urls import include, path

from .views import accounts

urlpatterns = [
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/logout/", accounts.SignOutView.as_view(), name="logout"),
    path("accounts/password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/complete/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

if settings.OIDC_ENABLED:
    urlpatterns += [path("oidc/", include("mozilla_django_oidc.urls"))]
