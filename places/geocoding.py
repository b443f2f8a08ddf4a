"""Address search for the portal's location form, behind one interface.

`geocoder()` returns the HTTP geocoder when settings GEOCODER_URL is set, with the offline
postal-code geocoder as its fallback, and the offline one alone otherwise. The offline one
knows only postal-code areas (the PostalCode table), so its points are area centres that
the user corrects on the map.
"""

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import Q

from .models import PostalCode

logger = logging.getLogger(__name__)

POSTAL_CODE_RE = re.compile(r"\b(\d{5})\b")
MAX_RESULTS = 5
HTTP_TIMEOUT_SECONDS = 5
MAX_RESPONSE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Place:
    """A geocoding result. `precision` is "address" or "postal_code" (an area centre)."""

    label: str
    latitude: float
    longitude: float
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    precision: str = "address"

    def as_dict(self):
        return asdict(self)


class PostalCodeGeocoder:
    """Finds postal-code areas by code or by name, offline."""

    def search(self, query, *, language="fi", limit=MAX_RESULTS):
        query = (query or "").strip()
        if not query:
            return []
        match = POSTAL_CODE_RE.search(query)
        if match:
            areas = PostalCode.objects.filter(code=match.group(1))
        else:
            words = [word for word in re.split(r"[\s,]+", query) if len(word) >= 2]
            if not words:
                return []
            condition = Q()
            for word in words:
                condition |= Q(name_fi__iexact=word) | Q(name_sv__iexact=word)
            areas = PostalCode.objects.filter(condition).order_by("code")
        return [self._place(area, query, language, bool(match)) for area in areas[:limit]]

    @staticmethod
    def _place(area, query, language, had_code):
        name = (getattr(area, f"name_{language}", "") or area.name_fi or area.name or "").strip()
        street = POSTAL_CODE_RE.sub("", query).strip(" ,") if had_code else ""
        return Place(
            label=f"{area.code} {name}",
            latitude=area.latitude,
            longitude=area.longitude,
            street_address=street,
            postal_code=area.code,
            city=name,
            precision="postal_code",
        )


class HttpGeocoder:
    """Queries a Nominatim-style or a Digitransit-style (Pelias GeoJSON) search endpoint.

    The query is sent as both `q` (Nominatim) and `text` (Digitransit), the language as
    `accept-language` and `lang`. Put any other parameters the service needs, such as
    format=json&addressdetails=1 or an API key, in GEOCODER_URL itself. When the service
    fails or finds nothing, the fallback geocoder answers.
    """

    def __init__(self, url, *, fallback=None, timeout=HTTP_TIMEOUT_SECONDS):
        self.url = url
        self.fallback = fallback
        self.timeout = timeout

    def search(self, query, *, language="fi", limit=MAX_RESULTS):
        query = (query or "").strip()
        if not query:
            return []
        try:
            places = parse_response(self._fetch(query, language, limit))[:limit]
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            logger.warning("The geocoder failed: %s", type(error).__name__)
            places = []
        if not places and self.fallback is not None:
            return self.fallback.search(query, language=language, limit=limit)
        return places

    def _fetch(self, query, language, limit):
        params = {"q": query, "text": query, "accept-language": language, "lang": language, "limit": limit, "size": limit}
        separator = "&" if urllib.parse.urlsplit(self.url).query else "?"
        request = urllib.request.Request(
            self.url + separator + urllib.parse.urlencode(params),
            headers={"User-Agent": "Harrastuspassi portal", "Accept": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read(MAX_RESPONSE_BYTES))


def parse_response(data):
    """Return the Places in a Nominatim list or a Digitransit FeatureCollection."""
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        return [place for place in map(_digitransit_place, data["features"]) if place]
    if isinstance(data, list):
        return [place for place in map(_nominatim_place, data) if place]
    raise ValueError("unknown geocoder response format")


def _nominatim_place(item):
    try:
        latitude, longitude = float(item["lat"]), float(item["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    address = item.get("address") or {}
    street = " ".join(part for part in (address.get("road", ""), address.get("house_number", "")) if part)
    city = address.get("city") or address.get("town") or address.get("village") or address.get("municipality") or ""
    return Place(
        label=item.get("display_name") or street or city,
        latitude=latitude,
        longitude=longitude,
        street_address=street,
        postal_code=str(address.get("postcode") or "")[:5],
        city=city,
    )


def _digitransit_place(feature):
    try:
        longitude, latitude = (float(value) for value in feature["geometry"]["coordinates"][:2])
    except (KeyError, TypeError, ValueError):
        return None
    properties = feature.get("properties") or {}
    street = " ".join(
        part for part in (properties.get("street", ""), properties.get("housenumber", "")) if part
    ) or properties.get("name", "")
    return Place(
        label=properties.get("label") or street,
        latitude=latitude,
        longitude=longitude,
        street_address=street,
        postal_code=str(properties.get("postalcode") or "")[:5],
        city=properties.get("locality") or properties.get("localadmin") or "",
    )


def geocoder():
    """Return the geocoder that settings configure."""
    offline = PostalCodeGeocoder()
    if settings.GEOCODER_URL:
        return HttpGeocoder(settings.GEOCODER_URL, fallback=offline)
    return offline
