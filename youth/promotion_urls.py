"""URLs of the promotion screens, included in the youth app's namespace by youth/urls.py."""

from django.urls import path

from . import promotion_views

urlpatterns = [
    path("promotions/<int:pk>/", promotion_views.promotion_detail, name="promotion-detail"),
    path("promotions/<int:pk>/use/", promotion_views.promotion_confirm, name="promotion-confirm"),
    path("promotions/<int:pk>/code/", promotion_views.promotion_code, name="promotion-code"),
]
