from django.conf import settings


def site(request):
    """Values that every page template uses."""
    return {
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
