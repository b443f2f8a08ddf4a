"""Youth app URLs outside the language prefixes: a service worker's scope is its own path,
so it must be served from the root, and the rest is the same in every language."""

from django.urls import path

from . import pwa, thumbnails

app_name = "youth_root"

urlpatterns = [
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("places.json", pwa.place_index, name="place-index"),
    path("language/<str:code>/", pwa.switch_language, name="language"),
    path(
        "thumbnails/<str:kind>/<int:pk>/<str:version>/<int:width>.jpg",
        thumbnails.thumbnail,
        name="thumbnail",
    ),
]
