"""The promotion detail, confirm and code pages as the server renders them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core import testing
from promotions.models import Promotion
from youth.templatetags.youth import local_datetime

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def finnish_urls():
    """Reverse URLs in Finnish: the test client leaves a /sv/ page's language active in this
    thread, and reverse() would then prefix every later URL with /sv/."""
    with translation.override("fi"):
        yield


@pytest.fixture
def promotion(provider, location):
    return testing.make_promotion(
        provider,
        location,
        name_fi="Ilmainen kokeilukerta",
        name_sv="Gratis prova på",
        terms_fi="Ota mukaan sisäkengät.",
        total_quantity=10,
        min_age=12,
        max_age=15,
    )


def page(client, name, promotion, prefix=""):
    return client.get(prefix + reverse(f"youth:{name}", args=[promotion.pk]))


def test_detail_shows_what_where_when_and_left(client, promotion):
    Promotion.objects.filter(pk=promotion.pk).update(used_count=3)

    response = page(client, "promotion-detail", promotion)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ilmainen kokeilukerta" in content
    assert promotion.provider.name_fi in content
    assert promotion.location.name_fi in content
    assert "7/10 jäljellä" in content
    assert "Ota mukaan sisäkengät." in content
    assert "12–15" in content
    assert reverse("youth:promotion-confirm", args=[promotion.pk]) in content


def test_detail_in_swedish(client, promotion):
    content = page(client, "promotion-detail", promotion, prefix="/sv").content.decode()

    assert '<html lang="sv">' in content
    assert "Gratis prova på" in content
    assert "Använd förmånen" in content


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"valid_from": 2, "valid_until": 5}, "Voit käyttää tätä etua"),
        ({"valid_from": -5, "valid_until": -1}, "Tämä etu on päättynyt."),
        ({"used_count": 10}, "Tämä etu on käytetty loppuun."),
    ],
)
def test_detail_explains_why_not_usable(client, promotion, change, expected):
    now = timezone.now()
    values = {
        name: now + dt.timedelta(days=value) if name.startswith("valid") else value for name, value in change.items()
    }
    Promotion.objects.filter(pk=promotion.pk).update(**values)

    content = page(client, "promotion-detail", promotion).content.decode()

    assert expected in content
    assert reverse("youth:promotion-confirm", args=[promotion.pk]) not in content


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"valid_from": 2, "valid_until": 5}, "Voit käyttää tätä etua"),
        ({"valid_from": -5, "valid_until": -1}, "Tämä etu on päättynyt."),
        ({"used_count": 10}, "Tämä etu on käytetty loppuun."),
    ],
)
def test_confirm_explains_why_not_usable(client, promotion, change, expected):
    now = timezone.now()
    values = {
        name: now + dt.timedelta(days=value) if name.startswith("valid") else value for name, value in change.items()
    }
    Promotion.objects.filter(pk=promotion.pk).update(**values)

    content = page(client, "promotion-confirm", promotion).content.decode()

    assert expected in content
    assert 'type="submit"' not in content


def test_confirm_has_single_button_and_api_url(client, promotion):
    content = page(client, "promotion-confirm", promotion).content.decode()

    assert content.count('type="submit" class="button"') == 1
    assert f'data-api-url="/api/v1/promotions/{promotion.pk}/use/?lang=fi"' in content
    assert "slide" not in content.lower()


def test_confirm_post_without_javascript_explains(client, promotion):
    response = client.post(reverse("youth:promotion-confirm", args=[promotion.pk]))

    assert response.status_code == 400
    assert 'data-error-code="javascript_required"' in response.content.decode()
    promotion.refresh_from_db()
    assert promotion.used_count == 0


def test_code_page_without_saved_code(client, promotion):
    content = page(client, "promotion-code", promotion).content.decode()

    assert "data-no-code" in content
    assert "Lunastuskoodisi" in content


@pytest.mark.parametrize("name", ["promotion-detail", "promotion-confirm", "promotion-code"])
def test_unknown_promotion_is_404(client, db, name):
    assert client.get(reverse(f"youth:{name}", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/en", "Fri 4 Dec 2026 14:30</time> – <time datetime=\"2027-01-04T14:30:00+02:00\">Mon 4 Jan 2027 14:30"),
        ("", "pe 4.12.2026 klo 14.30</time> – <time datetime=\"2027-01-04T14:30:00+02:00\">ma 4.1.2027 klo 14.30"),
    ],
)
def test_detail_writes_validity_like_list(client, promotion, prefix, expected):
    start = dt.datetime(2026, 12, 4, 12, 30, tzinfo=dt.UTC)
    Promotion.objects.filter(pk=promotion.pk).update(valid_from=start, valid_until=start + dt.timedelta(days=31))

    detail = page(client, "promotion-detail", promotion, prefix=prefix).content.decode()

    assert expected in detail


def test_upcoming_notice_in_english_words(client, promotion):
    start = timezone.now() + dt.timedelta(days=3)
    Promotion.objects.filter(pk=promotion.pk).update(valid_from=start, valid_until=start + dt.timedelta(days=5))

    detail = page(client, "promotion-detail", promotion, prefix="/en").content.decode()

    with translation.override("en"):
        assert f"You can use this promotion from {local_datetime(start)}." in detail
