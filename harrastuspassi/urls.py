from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("portal.oidc_urls")),
    path("", include("api.urls")),
    path("", include("analytics.api_urls")),
    path("", include("youth.root_urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("portal/", include("portal.urls")),
    # /accounts/login/ (Finnish) is also API v1's session sign-in, as in the original backend.
    path("", include("portal.account_urls")),
    path("", include("analytics.urls")),
    path("", include("youth.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "youth.error_views.page_not_found"
handler403 = "youth.error_views.permission_denied"
