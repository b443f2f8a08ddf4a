"""URLs of the open API: v1 under three prefixes, JWT endpoints, schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .schema import DESCRIPTION
from .views.auth import RefreshView, TokenView
from .views.base import ApiRouter
from .views.catalogue import CategoryViewSet, EventViewSet, HobbyViewSet
from .views.places import LocationViewSet, OrganizerViewSet
from .views.promotion_uses import RedemptionViewSet
from .views.promotions import BenefitViewSet, PromotionViewSet

router = ApiRouter()
router.register("hobbies", HobbyViewSet, basename="hobby")
router.register("hobbyevents", EventViewSet, basename="hobbyevent")
router.register("hobbycategories", CategoryViewSet, basename="hobbycategory")
router.register("organizers", OrganizerViewSet, basename="organizer")
router.register("locations", LocationViewSet, basename="location")
router.register("promotions", PromotionViewSet, basename="promotion")
router.register("benefits", BenefitViewSet, basename="benefit")
router.register("redemptions", RedemptionViewSet, basename="redemption")

SCHEMA_SETTINGS = {
    "TITLE": "Harrastuspassi API",
    "DESCRIPTION": DESCRIPTION,
    "VERSION": "1",
    "PREPROCESSING_HOOKS": ["api.schema.only_v1"],
}

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html"), name="api-redoc"),
    path("api/v1/", include((router.urls, "v1"), namespace="v1")),
    path("mobile-api/v1/", include((router.urls, "v1"), namespace="mobile-v1")),
    path("api/", include((router.urls, "v1"), namespace="unversioned")),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("auth/token/refresh/", RefreshView.as_view(), name="token-refresh"),
]
