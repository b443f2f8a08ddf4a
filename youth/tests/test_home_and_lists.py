"""Home, nearby hobbies, promotions, favourites cards, the place picker and thumbnails."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from core import testing
from hobbies.models import Hobby
from places.models import PostalCode
from promotions.models import Promotion
from youth.tests.conftest import TAPIOLA, url

pytestmark = pytest.mark.django_db


def test_home_shows_soonest_hobbies_and_links(client, catalogue):
    response = client.get(url("youth:home"))
    assert response.status_code == 200
    shown = [item.hobby.pk for item in response.context["soonest"]]
    assert catalogue["draft"].pk not in shown
    assert len(shown) == 3
    content = response.content.decode()
    assert url("youth:promotion-list") in content
    assert 'data-nearby="/nearby/"' in content


def test_nearby_orders_by_distance_from_place(client, catalogue):
    response = client.get(url("youth:nearby"), {"lat": TAPIOLA[0], "lon": TAPIOLA[1], "place": "Tapiola"})
    names = [item.hobby.name_fi for item in response.context["items"]]
    assert names[-1] == "Jalkapallokerho Pallo"
    assert "Tapiola" in response.content.decode()


def test_nearby_without_place_is_an_error(client, catalogue):
    response = client.get(url("youth:nearby", language="en"))
    assert response.status_code == 400
    assert "Choose a place" in response.content.decode()


@pytest.fixture
def promotions(provider, location, municipality):
    now = timezone.now()
    other = testing.make_municipality(code="049")
    current = testing.make_promotion(provider, location, name_fi="Kokeilukerta nyt")
    testing.make_promotion(provider, location, name_fi="Vanhentunut", valid_from=now - dt.timedelta(days=9), valid_until=now - dt.timedelta(days=1))
    used_up = testing.make_promotion(provider, location, name_fi="Loppuunkäytetty", total_quantity=2)
    Promotion.objects.filter(pk=used_up.pk).update(used_count=2)
    targeted = testing.make_promotion(provider, location, name_fi="Vain Espoossa")
    targeted.target_municipalities.set([other])
    return {"current": current, "targeted": targeted}


def test_home_shows_current_untargeted_promotions(client, promotions):
    names = [promotion.name_fi for promotion in client.get(url("youth:home")).context["promotions"]]
    assert names == ["Kokeilukerta nyt"]


def test_promotion_list_adds_municipality_targeted(client, promotions):
    names = [promotion.name_fi for promotion in client.get(url("youth:promotion-list"), {"municipality": "049"}).context["promotions"]]
    assert sorted(names) == ["Kokeilukerta nyt", "Vain Espoossa"]


def test_promotion_list_rejects_bad_municipality(client, promotions):
    response = client.get(url("youth:promotion-list", language="en"), {"municipality": "Espoo"})
    assert response.status_code == 400
    assert "“Espoo” is not a three-digit municipality code" in response.content.decode()


def test_promotion_card_links_to_promotion_detail(client, promotions, catalogue):
    promotion = promotions["current"]
    promotion.hobby = catalogue["band"]
    promotion.save()
    content = client.get(url("youth:promotion-list")).content.decode()
    assert f'href="{url("youth:promotion-detail", promotion.pk)}">Kokeilukerta nyt</a>' in content


def test_favourite_cards_keep_device_order(client, catalogue):
    ids = [catalogue["karate"].pk, catalogue["draft"].pk, catalogue["football"].pk]
    response = client.get(url("youth:favourite-cards"), {"ids": ",".join(map(str, ids))})
    assert [item.hobby.pk for item in response.context["items"]] == [catalogue["karate"].pk, catalogue["football"].pk]
    assert f'data-found="{catalogue["karate"].pk} {catalogue["football"].pk}"' in response.content.decode()


@pytest.mark.parametrize(
    "ids", ["1,abc", "99999999999999999999999", "١٢", "0", ",".join(str(number) for number in range(1, 102))]
)
def test_favourite_cards_reject_bad_ids(client, ids):
    response = client.get(url("youth:favourite-cards", language="en"), {"ids": ids})
    assert response.status_code == 400
    assert "Favourites:" in response.content.decode()


def test_place_search_ignores_accents(client, municipality):
    testing.make_municipality(code="179", name_fi="Jyväskylä", name_sv="Jyväskylä")

    response = client.get(url("youth:place"), {"q": "jyvaskyla"})

    assert [m.code for m in response.context["municipalities"]] == ["179"]


def test_place_search_without_javascript(client, municipality):
    helsinki = testing.make_municipality(code="091", name_fi="Helsinki", name_sv="Helsingfors")
    PostalCode.objects.create(code="00530", name_fi="Helsinki", name_sv="Helsingfors", municipality=helsinki, latitude=60.1841, longitude=24.9501)
    PostalCode.objects.create(code="02100", name_fi="Espoo", name_sv="Esbo", latitude=TAPIOLA[0], longitude=TAPIOLA[1])
    response = client.get(url("youth:place"), {"q": "helsing"})
    assert [m.code for m in response.context["municipalities"]] == ["091"]
    assert [p.code for p in response.context["postal_codes"]] == ["00530"]
    content = response.content.decode()
    assert "/hobbies/?lat=60.184&amp;lon=24.950&amp;place=00530%20Helsinki" in content
    assert [p.code for p in client.get(url("youth:place"), {"q": "021"}).context["postal_codes"]] == ["02100"]


def png_bytes(width, height):
    output = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(output, format="PNG")
    return output.getvalue()


def test_cover_image_gets_resized_thumbnails(client, catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    hobby = catalogue["band"]
    hobby.cover_image.save("cover.png", ContentFile(png_bytes(1200, 800)), save=True)
    content = client.get(url("youth:hobby-list")).content.decode()
    assert 'srcset="/thumbnails/hobby/' in content
    assert " 160w, " in content
    assert " 640w" in content
    thumbnail_url = content.split('srcset="')[1].split(" 160w")[0]
    response = client.get(thumbnail_url)
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == (160, 107)


def test_thumbnail_not_found_cases(client, catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    hobby = catalogue["band"]
    hobby.cover_image.save("cover.png", ContentFile(png_bytes(400, 300)), save=True)
    assert client.get(f"/thumbnails/hobby/{hobby.pk}/000000000000/160.jpg").status_code == 404
    content = client.get(url("youth:hobby-detail", hobby.pk)).content.decode()
    thumbnail_url = content.split('srcset="')[1].split(" 160w")[0]
    assert client.get(thumbnail_url.replace("/160.jpg", "/999.jpg")).status_code == 404
    Hobby.objects.filter(pk=hobby.pk).update(status=Hobby.Status.DRAFT)
    assert client.get(thumbnail_url).status_code == 404


def test_static_pages_in_three_languages(client):
    for language in ("fi", "sv", "en"):
        for name in ("youth:accessibility", "youth:privacy", "youth:favourites"):
            response = client.get(url(name, language=language))
            assert response.status_code == 200
            assert f'<html lang="{language}">' in response.content.decode()




def test_promotion_card_links_to_detail_once_it_exists(client, promotions, settings):
    settings.ROOT_URLCONF = "youth.tests.urls_with_promotion_detail"
    content = client.get("/promotions/").content.decode()
    assert f'href="/promotions/{promotions["current"].pk}/">Kokeilukerta nyt</a>' in content
