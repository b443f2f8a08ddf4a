"""The provider's endpoints: redemptions/{code}/, its honour action and promotions/{id}/uses/.

Columns follow ROLES: anonymous, own (member of the promotion's provider), other (member of
another provider), moderator (of the promotion's municipality) and administrator. "Not
yours" is 404, the same as an unknown code.
"""

import pytest

from promotions.models import PromotionUse
from promotions.services import redeem_promotion

from .conftest import ROLES, client_for

OK, UNAUTHENTICATED, NOT_FOUND, CONFLICT = 200, 401, 404, 409

MATRIX = {
    ("GET", "redemption"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("POST", "honour"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
    ("GET", "uses"): (UNAUTHENTICATED, OK, NOT_FOUND, OK, OK),
}
CASES = [
    (method, endpoint, role, statuses[index])
    for (method, endpoint), statuses in MATRIX.items()
    for index, role in enumerate(ROLES)
]


def urls(world, code):
    return {
        "redemption": f"/api/v1/redemptions/{code}/",
        "honour": f"/api/v1/redemptions/{code}/honour/",
        "uses": f"/api/v1/promotions/{world.promotion.pk}/uses/",
    }


@pytest.mark.parametrize(("method", "endpoint", "role", "expected"), CASES)
def test_provider_endpoints_by_role(world, method, endpoint, role, expected):
    use = redeem_promotion(world.promotion)

    response = client_for(world.users[role]).generic(method, urls(world, use.code)[endpoint])

    assert response.status_code == expected, response.content
    use.refresh_from_db()
    assert use.is_honoured is (endpoint == "honour" and expected == OK)


def test_lookup_shows_unclaimed_code(world):
    use = redeem_promotion(world.promotion)

    body = client_for(world.users["own"]).get(f"/api/v1/redemptions/{use.code.lower().replace('-', '')}/").json()

    assert body["code"] == use.code
    assert body["promotion"] == world.promotion.pk
    assert body["honoured"] is False
    assert body["honoured_at"] is None
    assert body["used_at"] == use.created_at.isoformat()


def test_honour_twice_gives_409_with_time(world):
    use = redeem_promotion(world.promotion)
    own = client_for(world.users["own"])

    first = own.post(f"/api/v1/redemptions/{use.code}/honour/")
    second = own.post(f"/api/v1/redemptions/{use.code}/honour/", HTTP_ACCEPT_LANGUAGE="fi")

    assert first.status_code == OK
    assert first.json()["honoured"] is True
    assert second.status_code == CONFLICT
    assert second.json()["error_codes"] == {"detail": ["use_already_honoured"]}
    assert first.json()["honoured_at_local"] in second.json()["detail"]
    assert second.json()["detail"].startswith(f"Lunastuskoodi {use.code} on jo vahvistettu")


def test_unknown_and_malformed_codes(world):
    own = client_for(world.users["own"])

    unknown = own.get("/api/v1/redemptions/2222-2222/")
    malformed = own.get("/api/v1/redemptions/OOOO-0000/")

    assert unknown.status_code == NOT_FOUND
    assert malformed.status_code == 400
    assert malformed.json()["error_codes"] == {"code": ["redemption_code_invalid"]}


def test_uses_over_time_counts(world):
    redeem_promotion(world.promotion)
    use = redeem_promotion(world.promotion)
    client_for(world.users["own"]).post(f"/api/v1/redemptions/{use.code}/honour/")

    body = client_for(world.users["moderator"]).get(f"/api/v1/promotions/{world.promotion.pk}/uses/?period=week").json()

    assert body["period"] == "week"
    assert body["used_count"] == PromotionUse.objects.filter(promotion=world.promotion).count() == 3
    assert body["honoured_count"] == 1
    assert body["remaining_count"] == world.promotion.total_quantity - 2
    assert sum(row["uses"] for row in body["periods"]) == 3
    assert set(body["periods"][0]) == {"start", "uses", "honoured"}


def test_uses_over_time_rejects_unknown_period(world):
    response = client_for(world.users["own"]).get(f"/api/v1/promotions/{world.promotion.pk}/uses/?period=year")

    assert response.status_code == 400
    assert response.json()["error_codes"] == {"period": ["invalid_choice"]}
