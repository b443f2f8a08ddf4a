"""Great-circle distances without GIS extensions.

Coordinates are WGS84 degrees. The error of the spherical model against the ellipsoid is
below 0.5 %, far under the accuracy of the geocoded points it is used on.
"""

import math

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
MIN_LATITUDE, MAX_LATITUDE = -90.0, 90.0
MIN_LONGITUDE, MAX_LONGITUDE = -180.0, 180.0
# The rectangle around mainland Finland and Åland (WGS84), with a margin of about half a
# degree: Finland spans latitudes 59.8-70.1 and longitudes 19.1-31.6.
FINLAND_LATITUDE = (59.0, 70.5)
FINLAND_LONGITUDE = (19.0, 32.0)


def haversine_m(lat1, lon1, lat2, lon2):
    """Return the great-circle distance in metres between two points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat, lon, radius_m):
    """Return (min_lat, max_lat, min_lon, max_lon) enclosing a circle of `radius_m` metres.

    The box is a prefilter for indexed latitude/longitude columns; callers still compare the
    exact distance. Near the poles the longitude span is the whole circle.
    """
    d_lat = math.degrees(radius_m / EARTH_RADIUS_M)
    min_lat, max_lat = lat - d_lat, lat + d_lat
    if max_lat >= 89.9 or min_lat <= -89.9:
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    d_lon = math.degrees(radius_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return min_lat, max_lat, lon - d_lon, lon + d_lon


def is_in_finland(lat, lon):
    return FINLAND_LATITUDE[0] <= lat <= FINLAND_LATITUDE[1] and FINLAND_LONGITUDE[0] <= lon <= FINLAND_LONGITUDE[1]


def is_valid_point(lat, lon):
    return (
        lat is not None
        and lon is not None
        and MIN_LATITUDE <= lat <= MAX_LATITUDE
        and MIN_LONGITUDE <= lon <= MAX_LONGITUDE
    )
