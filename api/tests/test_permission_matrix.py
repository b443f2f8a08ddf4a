"""Who may do what, as tables: method × endpoint × role → status.

Roles are defined in conftest: anonymous, own (member of the object's provider), other
(member of another provider), moderator (of the object's municipality) and administrator.
"Not yours" returns 404, the same as an id that does not exist.
"""

import pytest

from core import testing

from .conftest import ROLES, client_for

OK, CREATED, NO_CONTENT, BAD, UNAUTHENTICATED, NOT_FOUND, NOT_ALLOWED = 200, 201, 204, 400, 401, 404, 405


def payloads(world):
    hobby = {"name": "Koripallokerho", "price_type": "free", "price_amount": "0.00"}
    session = {
        "hobby": world.hobby.pk,
        "start_date": "2030-09-03",
        "end_date": "2030-09-03",
        "start_time": "17:00",
        "end_time": "18:30",
    }
    location = {"name": "Nuorisotalo", "address": "Kotikatu 2", "zip_code": "", "city": "Espoo", "coordinates": None}
    organizer = {"name": "Uusi seura ry", "municipality": world.municipality.pk}
    promotion = {
        "name": "Kokeilu",
        "description": "Ilmainen kokeilukerta",
        "start_date": "2030-01-01",
        "start_time": "08:00",
        "end_date": "2030-12-31",
        "end_time": "20:00",
        "organizer": world.provider.pk,
        "location": world.location.pk,
        "available_count": 5,
    }
    return {
        "hobbies": (f"/api/v1/hobbies/{world.hobby.pk}/", hobby),
        "hobbyevents": (f"/api/v1/hobbyevents/{world.session.pk}/", session),
        "locations": (f"/api/v1/locations/{world.location.pk}/", location),
        # A location that nothing uses: deleting world.location is blocked by its promotion.
        "unused-locations": (f"/api/v1/locations/{world.spare_location.pk}/", location),
        "organizers": (f"/api/v1/organizers/{world.provider.pk}/", organizer),
        "promotions": (f"/api/v1/promotions/{world.promotion.pk}/", promotion),
        "benefits": (f"/api/v1/benefits/{world.use.pk}/", {"promotion": world.promotion.pk}),
        "hobbycategories": (None, {"name": "Uusi"}),
    }


# Columns follow ROLES: anonymous, own, other, moderator, administrator.
MATRIX = {
    ("GET", "hobbies", "list"): (OK, OK, OK, OK, OK),
    ("GET", "hobbies", "detail"): (OK, OK, OK, OK, OK),
    ("POST", "hobbies", "list"): (UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED),
    ("PUT", "hobbies", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("PATCH", "hobbies", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("DELETE", "hobbies", "detail"): (UNAUTHENTICATED, NO_CONTENT, NOT_FOUND, NO_CONTENT, NO_CONTENT),
    ("GET", "hobbyevents", "list"): (OK, OK, OK, OK, OK),
    ("GET", "hobbyevents", "detail"): (OK, OK, OK, OK, OK),
    # Another provider's hobby is "no such hobby" in the body: 400 on the hobby field.
    ("POST", "hobbyevents", "list"): (UNAUTHENTICATED, CREATED, BAD, CREATED, CREATED),
    ("PUT", "hobbyevents", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("PATCH", "hobbyevents", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("DELETE", "hobbyevents", "detail"): (UNAUTHENTICATED, NO_CONTENT, NOT_FOUND, NO_CONTENT, NO_CONTENT),
    ("GET", "locations", "list"): (OK, OK, OK, OK, OK),
    # As in v1, a signed-in caller sees only the locations it may change.
    ("GET", "locations", "detail"): (OK, OK, NOT_FOUND, OK, OK),
    ("POST", "locations", "list"): (UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED),
    ("PUT", "locations", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("PATCH", "locations", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("DELETE", "unused-locations", "detail"): (UNAUTHENTICATED, NO_CONTENT, NOT_FOUND, NO_CONTENT, NO_CONTENT),
    # A promotion needs its location, so not even those who may change both may delete it.
    ("DELETE", "locations", "detail"): (UNAUTHENTICATED, BAD, NOT_FOUND, BAD, BAD),
    ("GET", "organizers", "list"): (OK, OK, OK, OK, OK),
    ("GET", "organizers", "detail"): (OK, OK, NOT_FOUND, OK, OK),
    ("POST", "organizers", "list"): (UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED),
    ("PUT", "organizers", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("PATCH", "organizers", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("DELETE", "organizers", "detail"): (UNAUTHENTICATED, NO_CONTENT, NOT_FOUND, NO_CONTENT, NO_CONTENT),
    ("GET", "promotions", "list"): (OK, OK, OK, OK, OK),
    ("GET", "promotions", "detail"): (OK, OK, OK, OK, OK),
    # Another provider cannot publish a promotion in this provider's name.
    ("POST", "promotions", "list"): (UNAUTHENTICATED, CREATED, BAD, CREATED, CREATED),
    ("PUT", "promotions", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("PATCH", "promotions", "detail"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("DELETE", "promotions", "detail"): (UNAUTHENTICATED, NO_CONTENT, NOT_FOUND, NO_CONTENT, NO_CONTENT),
    ("GET", "benefits", "list"): (OK, OK, OK, OK, OK),
    ("GET", "benefits", "detail"): (OK, OK, OK, OK, OK),
    ("POST", "benefits", "list"): (UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED),
    # A use is a record of what happened, so no role changes or deletes it.
    ("PUT", "benefits", "detail"): (UNAUTHENTICATED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("PATCH", "benefits", "detail"): (UNAUTHENTICATED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("DELETE", "benefits", "detail"): (UNAUTHENTICATED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("GET", "hobbycategories", "list"): (OK, OK, OK, OK, OK),
    ("POST", "hobbycategories", "list"): (UNAUTHENTICATED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
}

CASES = [
    (method, endpoint, kind, role, statuses[index])
    for (method, endpoint, kind), statuses in MATRIX.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("method", "endpoint", "kind", "role", "expected"), CASES)
def test_permission_matrix(world, method, endpoint, kind, role, expected):
    detail_url, payload = payloads(world)[endpoint]
    url = f"/api/v1/{endpoint}/" if kind == "list" else detail_url
    api_client = client_for(world.users[role])

    response = api_client.generic(method, url, data=None) if method in ("GET", "DELETE") else getattr(
        api_client, method.lower()
    )(url, payload, format="json")

    assert response.status_code == expected, response.content


@pytest.mark.parametrize("role", ["own", "moderator", "administrator"])
def test_can_edit_flag_matches_matrix(world, role):
    response = client_for(world.users[role]).get(f"/api/v1/hobbies/{world.hobby.pk}/")

    assert response.json()["permissions"] == {"can_edit": True}


@pytest.mark.parametrize("role", ["anonymous", "other"])
def test_can_edit_flag_false_for_others(world, role):
    response = client_for(world.users[role]).get(f"/api/v1/hobbies/{world.hobby.pk}/")

    assert response.json()["permissions"] == {"can_edit": False}


# --- Shared locations ----------------------------------------------------------------------
#
# A caller may choose a location that it may change, or a shared imported place; an id of
# any other location is "no such location". A location that objects the caller may not
# change use can be neither deleted nor moved.


def share_spare_location(world):
    """Put a hobby of the other provider, outside the moderated municipality, at the spare location."""
    testing.make_hobby(provider=world.other_provider, location=world.spare_location, municipality=None)
    return world.spare_location


def hobby_at(location):
    return {"name": "Salibandykerho", "location": location.pk}


LOCATION_CASES = {
    # (method, case): statuses for ROLES
    ("POST", "hobby at the provider's location"): (UNAUTHENTICATED, CREATED, BAD, CREATED, CREATED),
    ("POST", "hobby at another provider's location"): (UNAUTHENTICATED, BAD, CREATED, BAD, CREATED),
    ("POST", "hobby at a shared imported place"): (UNAUTHENTICATED, CREATED, CREATED, CREATED, CREATED),
    ("DELETE", "location another provider uses"): (UNAUTHENTICATED, BAD, NOT_FOUND, BAD, NO_CONTENT),
    ("PATCH", "coordinates of a location another provider uses"): (UNAUTHENTICATED, BAD, NOT_FOUND, BAD, OK),
    ("PATCH", "name of a location another provider uses"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
}


def location_request(world, method, case):
    """Return (url, body) of one LOCATION_CASES row."""
    if case == "hobby at the provider's location":
        return "/api/v1/hobbies/", hobby_at(world.location)
    if case == "hobby at another provider's location":
        return "/api/v1/hobbies/", hobby_at(world.other_location)
    if case == "hobby at a shared imported place":
        return "/api/v1/hobbies/", hobby_at(world.public_location)
    url = f"/api/v1/locations/{share_spare_location(world).pk}/"
    if case.startswith("coordinates"):
        return url, {"coordinates": {"type": "Point", "coordinates": [24.7, 60.2]}}
    if case.startswith("name"):
        return url, {"name": "Uusi nimi"}
    return url, None


LOCATION_ROWS = [
    (method, case, role, statuses[index])
    for (method, case), statuses in LOCATION_CASES.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("method", "case", "role", "expected"), LOCATION_ROWS)
def test_shared_location_matrix(world, method, case, role, expected):
    url, body = location_request(world, method, case)
    api_client = client_for(world.users[role])

    if body is None:
        response = api_client.generic(method, url)
    else:
        response = getattr(api_client, method.lower())(url, body, format="json")

    assert response.status_code == expected, response.content
