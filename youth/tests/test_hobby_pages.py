"""The foundation's public pages: list with search and category filter, detail, languages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core import testing
from hobbies.models import Hobby

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(category_tree, provider, location):
    football = testing.make_hobby(
        name_fi="Jalkapallokerho Pallo", name_sv="Fotbollsklubben Bollen", name_en="Football club Ball",
        provider=provider, location=location, categories=[category_tree["Football"]],
    )
    karate = testing.make_hobby(
        name_fi="Karatekoulu", description_fi="Kamppailulaji kaikille", categories=[category_tree["Martial arts"]],
    )
    band = testing.make_hobby(name_fi="Bändikoulu", categories=[category_tree["Music"]])
    draft = testing.make_hobby(name_fi="Luonnos-kerho", status=Hobby.Status.DRAFT, categories=[category_tree["Football"]])
    return {"football": football, "karate": karate, "band": band, "draft": draft}


def listed_names(response):
    return [hobby.name_fi for hobby in response.context["page"].object_list]


def test_list_shows_only_published(client, catalogue):
    response = client.get(reverse("youth:hobby-list"))
    assert response.status_code == 200
    assert sorted(listed_names(response)) == ["Bändikoulu", "Jalkapallokerho Pallo", "Karatekoulu"]


def test_list_search_matches_any_language(client, catalogue):
    response = client.get(reverse("youth:hobby-list"), {"q": "fotbollsklubben"})
    assert listed_names(response) == ["Jalkapallokerho Pallo"]
    response = client.get(reverse("youth:hobby-list"), {"q": "kamppailulaji"})
    assert listed_names(response) == ["Karatekoulu"]


def test_category_filter_includes_subcategories(client, catalogue, category_tree):
    response = client.get(reverse("youth:hobby-list"), {"category": category_tree["Sports"].pk})
    assert sorted(listed_names(response)) == ["Jalkapallokerho Pallo", "Karatekoulu"]


def test_category_filter_ignores_unknown_value(client, catalogue):
    response = client.get(reverse("youth:hobby-list"), {"category": "abc"})
    assert response.status_code == 200
    assert len(listed_names(response)) == 3


def test_swedish_page_shows_swedish_name_and_finnish_fallback(client, catalogue):
    response = client.get("/sv/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="sv">' in content
    assert "Fotbollsklubben Bollen" in content
    assert "Karatekoulu" in content  # no Swedish name, so the Finnish one is shown


def test_english_page_is_translated(client, catalogue):
    content = client.get("/en/").content.decode()
    assert '<html lang="en">' in content
    assert "Find a hobby" in content
    finnish = client.get("/").content.decode()
    assert '<html lang="fi">' in finnish
    assert "Find a hobby" not in finnish


def test_language_switch_redirects_to_chosen_language(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/sv/"


def test_detail_lists_upcoming_sessions_only(client, catalogue):
    hobby = catalogue["football"]
    now = timezone.now()
    testing.make_session(hobby, now - dt.timedelta(days=2))
    upcoming = testing.make_session(hobby, now + dt.timedelta(days=2))
    cancelled = testing.make_session(hobby, now + dt.timedelta(days=9), is_cancelled=True)
    response = client.get(reverse("youth:hobby-detail", args=[hobby.pk]))
    assert response.status_code == 200
    assert [session.pk for session in response.context["sessions"]] == [upcoming.pk, cancelled.pk]
    assert "Peruttu" in response.content.decode()  # Finnish for "Cancelled"


def test_detail_of_draft_is_not_found(client, catalogue):
    response = client.get(reverse("youth:hobby-detail", args=[catalogue["draft"].pk]))
    assert response.status_code == 404


def test_detail_says_when_dates_are_demo_dates(client, catalogue):
    hobby = catalogue["band"]
    Hobby.objects.filter(pk=hobby.pk).update(demo_shift_weeks=364)
    content = client.get(reverse("youth:hobby-detail", args=[hobby.pk])).content.decode()
    assert "364" in content
    assert "demo" in content.lower()


def test_unknown_price_tells_to_ask_provider(client, catalogue):
    hobby = catalogue["karate"]
    Hobby.objects.filter(pk=hobby.pk).update(price_type="paid", price_amount=None, data_source="test", origin_id="1")
    content = client.get(reverse("youth:hobby-detail", args=[hobby.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "kysy järjestäjältä" in content
