"""Hobby pages: create, edit with translations, image, duplicate, preview, publish, schedule."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image

from audit.models import AuditLogEntry
from hobbies.models import Hobby, HobbyEvent, WeeklySchedule

from .conftest import client_for


def hobby_data(world, **overrides):
    data = {
        "provider": world.provider.pk,
        "location": world.location.pk,
        "name_fi": "Sählykerho",
        "name_sv": "",
        "name_en": "Floorball club",
        "description_fi": "Pelataan sählyä.",
        "price_type": "paid",
        "price_amount": "12.50",
        "min_age": "12",
        "max_age": "15",
        "languages": ["fi", "en"],
        "focus_x": "50",
        "focus_y": "50",
    }
    data.update(overrides)
    return data


def test_sami_language_of_instruction_is_saved_and_named(world):
    client = client_for(world.users["editor"])

    client.post("/portal/hobbies/new/", hobby_data(world, languages=["se", "fi"]))

    hobby = Hobby.objects.get(name_fi="Sählykerho")
    assert sorted(hobby.languages.values_list("code", flat=True)) == ["fi", "se"]
    page = client.get(f"/portal/hobbies/{hobby.pk}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Pohjoissaame" in page


def png_bytes(width, height, colour=(200, 30, 30)):
    output = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(output, format="PNG")
    return output.getvalue()


def test_editor_creates_hobby(world):
    client = client_for(world.users["editor"])

    response = client.post("/portal/hobbies/new/", hobby_data(world))

    hobby = Hobby.objects.get(name_fi="Sählykerho")
    assert response.status_code == 302
    assert response["Location"] == f"/portal/hobbies/{hobby.pk}/schedule/"
    assert hobby.name_en == "Floorball club"
    assert hobby.price_amount == 12.5
    assert sorted(hobby.languages.values_list("code", flat=True)) == ["en", "fi"]
    assert hobby.status == Hobby.Status.DRAFT
    assert hobby.municipality == world.municipality
    entry = AuditLogEntry.objects.get(action="hobby.created", object_id=str(hobby.pk))
    assert entry.actor == world.users["editor"]
    assert entry.channel == AuditLogEntry.Channel.PORTAL
    assert entry.changes["name_fi"] == [None, "Sählykerho"]


def test_empty_translation_shows_the_fallback_as_placeholder(world):
    world.hobby.name_sv = ""
    world.hobby.save()
    client = client_for(world.users["editor"])

    content = client.get(f"/portal/hobbies/{world.hobby.pk}/").content.decode()

    assert f'placeholder="{world.hobby.name_fi}"' in content
    assert 'lang="sv"' in content


def test_price_rule_from_the_model_names_the_field(world):
    client = client_for(world.users["editor"])

    response = client.post("/en/portal/hobbies/new/", hobby_data(world, price_type="free", price_amount="5"))

    assert response.status_code == 200
    assert response.context["form"].errors["price_amount"] == ["A free hobby must have the price 0, not 5."]
    assert not Hobby.objects.filter(name_fi="Sählykerho").exists()


def test_hobby_needs_a_name_in_some_language(world):
    client = client_for(world.users["editor"])

    response = client.post("/portal/hobbies/new/", hobby_data(world, name_fi="", name_en=""))

    assert response.status_code == 200
    assert "name_fi" in response.context["form"].errors


def test_nearby_shared_place_offered(world, shared_places):
    sports_hall, far_hall = shared_places
    client = client_for(world.users["editor"])

    choices = client.get("/portal/hobbies/new/").context["form"].fields["location"].queryset
    response = client.post("/portal/hobbies/new/", hobby_data(world, location=sports_hall.pk))

    assert sports_hall in choices
    assert world.location in choices
    assert far_hall not in choices
    assert world.other_location not in choices
    assert response.status_code == 302
    assert Hobby.objects.get(name_fi="Sählykerho").location == sports_hall


def test_another_providers_id_is_rejected(world):
    client = client_for(world.users["editor"])

    response = client.post("/portal/hobbies/new/", hobby_data(world, provider=world.other_provider.pk))

    assert response.status_code == 200
    assert "provider" in response.context["form"].errors


def test_cover_image_cropped_to_16_9(world):
    client = client_for(world.users["editor"])
    upload = io.BytesIO(png_bytes(2000, 2000))
    upload.name = "kuva.png"

    response = client.post(f"/portal/hobbies/{world.hobby.pk}/", {**hobby_data(world), "cover_upload": upload})

    assert response.status_code == 302
    world.hobby.refresh_from_db()
    with Image.open(world.hobby.cover_image.path) as stored:
        assert stored.size == (1280, 720)


def test_small_cover_image_is_cropped_but_not_enlarged(world):
    client = client_for(world.users["editor"])
    upload = io.BytesIO(png_bytes(400, 400))
    upload.name = "kuva.png"

    client.post(f"/portal/hobbies/{world.hobby.pk}/", {**hobby_data(world), "cover_upload": upload})

    world.hobby.refresh_from_db()
    with Image.open(world.hobby.cover_image.path) as stored:
        assert stored.size == (400, 225)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "kuva.svg", "SVG images are not accepted"),
        (b"not an image at all", "kuva.jpg", "The file is not a valid image"),
    ],
)
def test_bad_cover_image_is_rejected_with_a_reason(world, content, name, message):
    client = client_for(world.users["editor"])
    upload = io.BytesIO(content)
    upload.name = name

    response = client.post(f"/en/portal/hobbies/{world.hobby.pk}/", {**hobby_data(world), "cover_upload": upload})

    assert response.status_code == 200
    assert message in response.context["form"].errors["cover_upload"][0]


def test_duplicate_is_draft_with_own_sessions(world):
    client = client_for(world.users["editor"])

    response = client.post(f"/portal/hobbies/{world.hobby.pk}/duplicate/")

    copy = Hobby.objects.exclude(pk__in=[world.hobby.pk, world.other_hobby.pk]).get()
    assert response["Location"] == f"/portal/hobbies/{copy.pk}/"
    assert copy.status == Hobby.Status.DRAFT
    assert copy.name_fi == f"{world.hobby.name_fi} (kopio)"
    assert copy.schedules.count() == 1
    assert copy.events.count() == world.hobby.events.count()
    assert not copy.events.filter(pk__in=world.hobby.events.values("pk")).exists()


def test_preview_shows_draft_as_youth_page(world):
    world.hobby.status = Hobby.Status.DRAFT
    world.hobby.save()
    client = client_for(world.users["editor"])

    response = client.get(f"/portal/hobbies/{world.hobby.pk}/preview/")

    assert response.status_code == 200
    assert "youth/hobby_detail.html" in [template.name for template in response.templates]
    assert world.hobby.name_fi in response.content.decode()
    assert client.get(f"/hobbies/{world.hobby.pk}/").status_code == 404


def test_editor_publish_enters_queue(world):
    world.hobby.status = Hobby.Status.DRAFT
    world.hobby.save()
    client = client_for(world.users["editor"])

    client.post(f"/portal/hobbies/{world.hobby.pk}/status/", {"action": "publish"})

    world.hobby.refresh_from_db()
    assert world.hobby.status == Hobby.Status.PUBLISHED
    assert world.hobby.moderation_status == Hobby.Moderation.PENDING
    queue = client_for(world.users["moderator"]).get("/portal/moderation/").content.decode()
    assert world.hobby.name_fi in queue


def test_moderators_own_changes_need_no_review(world):
    client = client_for(world.users["moderator"])

    client.post(f"/portal/hobbies/{world.hobby.pk}/", hobby_data(world, name_fi="Judo, uusi nimi"))

    world.hobby.refresh_from_db()
    assert world.hobby.name_fi == "Judo, uusi nimi"
    assert world.hobby.moderation_status == Hobby.Moderation.UNREVIEWED


def schedule_data(start, days, action="preview"):
    """Return the schedule form of a weekly 17:30-19:00 rule from `start` for `days` days."""
    return {
        "weekdays": [start.isoweekday()],
        "start_time": "17:30",
        "end_time": "19:00",
        "first_date": start.isoformat(),
        "last_date": (start + dt.timedelta(days=days)).isoformat(),
        "action": action,
    }


def test_schedule_preview_shows_sessions_without_saving(world):
    client = client_for(world.users["editor"])
    start = timezone.localdate() + dt.timedelta(days=7)
    data = {**schedule_data(start, 21), "exception_dates": (start + dt.timedelta(days=7)).isoformat()}
    sessions_before = HobbyEvent.objects.count()

    response = client.post(f"/portal/hobbies/{world.hobby.pk}/schedule/", data)

    assert response.status_code == 200
    preview = response.context["preview"]
    assert [start_at.date() for start_at, _end in [(s.astimezone(), e) for s, e in preview]] == [
        start,
        start + dt.timedelta(days=14),
        start + dt.timedelta(days=21),
    ]
    assert all(timezone.localtime(start_at).strftime("%H:%M") == "17:30" for start_at, _end in preview)
    assert HobbyEvent.objects.count() == sessions_before


def test_schedule_preview_notes_later_sessions(world):
    client = client_for(world.users["editor"])
    start = timezone.localdate() + dt.timedelta(days=7)
    data = schedule_data(start, 500)

    response = client.post(f"/en/portal/hobbies/{world.hobby.pk}/schedule/", data)

    assert "Sessions are created twelve months ahead" in response.content.decode()


def test_schedule_save_creates_the_previewed_sessions(world):
    client = client_for(world.users["editor"])
    start = timezone.localdate() + dt.timedelta(days=7)
    exceptions = f"{(start + dt.timedelta(days=6)).isoformat()} – {(start + dt.timedelta(days=8)).isoformat()}"
    data = {**schedule_data(start, 21, action="save"), "exception_dates": exceptions}

    response = client.post(f"/portal/hobbies/{world.hobby.pk}/schedule/", data)

    assert response.status_code == 302
    schedule = WeeklySchedule.objects.exclude(pk=world.schedule.pk).get(hobby=world.hobby)
    dates = sorted(schedule.sessions.values_list("start_date", flat=True))
    assert dates == [start, start + dt.timedelta(days=14), start + dt.timedelta(days=21)]
    assert len(schedule.exception_dates) == 3


def test_schedule_errors_name_the_field(world):
    client = client_for(world.users["editor"])
    start = timezone.localdate() + dt.timedelta(days=7)

    response = client.post(
        f"/en/portal/hobbies/{world.hobby.pk}/schedule/",
        {
            "weekdays": ["2"],
            "start_time": "19:00",
            "end_time": "18:00",
            "first_date": start.isoformat(),
            "last_date": start.isoformat(),
            "exception_dates": "2027-13-01",
            "action": "save",
        },
    )

    errors = response.context["form"].errors
    assert "“2027-13-01”, is not a date" in errors["exception_dates"][0]


def test_cancelled_session_shows_as_cancelled_and_not_upcoming(world):
    client = client_for(world.users["editor"])
    session = world.session

    client.post(f"/portal/sessions/{session.pk}/cancel/", {"action": "cancel"})

    session.refresh_from_db()
    world.hobby.refresh_from_db()
    assert session.is_cancelled
    assert world.hobby.next_event_id != session.pk
    assert session not in HobbyEvent.objects.upcoming()
    page = client.get(f"/hobbies/{world.hobby.pk}/").content.decode()
    assert "Peruttu" in page
    assert AuditLogEntry.objects.filter(action="session.cancelled", object_id=str(session.pk)).exists()


def test_times_are_shown_in_helsinki_time(world):
    client = client_for(world.users["editor"])

    content = client.get(f"/portal/hobbies/{world.hobby.pk}/schedule/").content.decode()

    assert "17:00–18:30" in content


def test_age_order_error_names_the_field_once(world):
    client = client_for(world.users["editor"])

    response = client.post("/en/portal/hobbies/new/", hobby_data(world, min_age="16", max_age="12"))

    errors = response.context["form"].errors
    assert errors["min_age"] == ["The minimum age 16 is greater than the maximum age 12."]
    assert "__all__" not in errors


def test_portal_pages_are_not_cached(world):
    response = client_for(world.users["editor"]).get("/portal/hobbies/")

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_preview_records_no_pupil_analytics(world):
    content = client_for(world.users["editor"]).get(f"/portal/hobbies/{world.hobby.pk}/preview/").content.decode()

    assert "analytics/analytics.js" not in content
    assert "data-track-hobby" not in content


def test_duplicate_copies_the_cover_image_file(world):
    client = client_for(world.users["editor"])
    upload = io.BytesIO(png_bytes(1600, 900))
    upload.name = "kuva.png"
    client.post(f"/portal/hobbies/{world.hobby.pk}/", {**hobby_data(world), "cover_upload": upload})
    world.hobby.refresh_from_db()

    client.post(f"/portal/hobbies/{world.hobby.pk}/duplicate/")

    copy = Hobby.objects.exclude(pk__in=[world.hobby.pk, world.other_hobby.pk]).get()
    assert copy.cover_image.name != world.hobby.cover_image.name
    with Image.open(copy.cover_image.path) as stored:
        assert stored.size == (1280, 720)


def test_duplicate_without_a_readable_image_file_still_copies(world):
    Hobby.objects.filter(pk=world.hobby.pk).update(cover_image="hobbies/missing.png")

    response = client_for(world.users["editor"]).post(f"/portal/hobbies/{world.hobby.pk}/duplicate/")

    copy = Hobby.objects.exclude(pk__in=[world.hobby.pk, world.other_hobby.pk]).get()
    assert response.status_code == 302
    assert not copy.cover_image


def test_english_schedule_page_uses_one_date_format(world):
    page = client_for(world.users["editor"]).get(f"/en/portal/hobbies/{world.hobby.pk}/schedule/").content.decode()

    first, last = world.schedule.first_date, world.schedule.last_date
    assert f"{first.day}.{first.month}.{first.year} – {last.day}.{last.month}.{last.year}" in page
    assert f"{first:%m/%d/%Y}" not in page


def test_schedule_saved_twice_is_not_duplicated(world):
    client = client_for(world.users["editor"])
    start = timezone.localdate() + dt.timedelta(days=7)
    data = schedule_data(start, 21, action="save")
    client.post(f"/en/portal/hobbies/{world.hobby.pk}/schedule/", data)

    response = client.post(f"/en/portal/hobbies/{world.hobby.pk}/schedule/", data)

    schedules = WeeklySchedule.objects.exclude(pk=world.schedule.pk).filter(hobby=world.hobby)
    assert response.status_code == 200
    assert schedules.count() == 1
    assert HobbyEvent.objects.filter(hobby=world.hobby, schedule__in=schedules).count() == 4
    assert (
        f"The hobby already has this weekly schedule: {data['start_time']}–{data['end_time']} from "
        f"{start.isoformat()} to {(start + dt.timedelta(days=21)).isoformat()}. It was not added again."
    ) in response.content.decode()


@pytest.mark.parametrize(
    ("role", "field", "current"),
    [
        ("moderator", "provider", "other_provider"),  # a provider of another municipality
        ("editor", "location", "other_location"),  # a location of another provider
    ],
)
def test_edit_keeps_current_foreign_choice(world, role, field, current):
    Hobby.objects.filter(pk=world.hobby.pk).update(**{field: getattr(world, current)})
    client = client_for(world.users[role])
    form = client.get(f"/en/portal/hobbies/{world.hobby.pk}/").context["form"]

    client.post(
        f"/en/portal/hobbies/{world.hobby.pk}/",
        hobby_data(world, **{field: form[field].value()}, description_fi="Uusi kuvaus."),
    )

    hobby = Hobby.objects.get(pk=world.hobby.pk)
    assert hobby.description_fi == "Uusi kuvaus."
    assert getattr(hobby, field) == getattr(world, current)


def test_administrator_edit_offers_every_provider(world):
    form = client_for(world.users["administrator"]).get(f"/en/portal/hobbies/{world.hobby.pk}/").context["form"]

    assert set(form.fields["provider"].queryset) == {world.provider, world.other_provider}
