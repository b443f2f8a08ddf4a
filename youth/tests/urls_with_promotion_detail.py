"""The youth URLs plus a stand-in youth:promotion-detail, as the promotion pages will add it."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

from youth import urls as youth_urls


def promotion_detail(request, pk):
    return HttpResponse(f"promotion {pk}")


youth_patterns = [*youth_urls.urlpatterns, path("promotions/<int:pk>/", promotion_detail, name="promotion-detail")]

urlpatterns = [
    path("", include("youth.root_urls")),
    path("", include("analytics.api_urls")),
    *i18n_patterns(path("", include((youth_patterns, "youth"))), prefix_default_language=False),
]
