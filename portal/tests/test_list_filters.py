"""Crafted ids and search texts in the query strings and URLs of portal lists."""

import pytest

from .conftest import client_for

TOO_LARGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/en/portal/hobbies/?provider={TOO_LARGE}",
        f"/en/portal/audit/?provider={TOO_LARGE}",
        f"/en/portal/audit/?object_id={TOO_LARGE}",
    ],
)
def test_too_large_id_filter_finds_nothing(world, url):
    response = client_for(world.users["administrator"]).get(url)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_too_large_provider_for_new_hobby_is_ignored(world):
    response = client_for(world.users["administrator"]).get(f"/en/portal/hobbies/new/?provider={TOO_LARGE}")

    assert response.status_code == 200
    assert response.context["form"].initial.get("provider") is None


@pytest.mark.parametrize(
    "url",
    [
        f"/en/portal/hobbies/{TOO_LARGE}/",
        f"/en/portal/locations/{TOO_LARGE}/",
        f"/en/portal/promotions/{TOO_LARGE}/",
        f"/en/portal/providers/{TOO_LARGE}/",
    ],
)
def test_too_large_id_in_url_is_not_found(world, url):
    assert client_for(world.users["administrator"]).get(url).status_code == 404


def test_non_ascii_digit_filter_is_ignored(world):
    response = client_for(world.users["administrator"]).get("/en/portal/hobbies/?provider=²")

    assert response.status_code == 200
    assert world.hobby.name_fi in response.content.decode()


def test_audit_filter_by_provider_keeps_its_rows(world):
    response = client_for(world.users["administrator"]).get(f"/en/portal/audit/?provider={world.provider.pk}")

    assert response.status_code == 200
    assert "Show all changes" in response.content.decode()


@pytest.mark.parametrize("url", ["/en/portal/hobbies/?q=%00", "/en/portal/locations/?q=Judo%00"])
def test_nul_in_search_is_ignored(world, url):
    response = client_for(world.users["admin"]).get(url)

    assert response.status_code == 200
