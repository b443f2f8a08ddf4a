"""The project's addresses with OpenID Connect sign-in switched on, for the sign-in flow test."""

from django.urls import include, path

from harrastuspassi.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *project_urlpatterns]
