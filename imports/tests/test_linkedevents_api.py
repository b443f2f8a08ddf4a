"""The Linked Events importer against a local HTTP server that serves pages built from the real files."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from hobbies.models import Hobby
from imports.linkedevents_sources import read_event_files

pytestmark = [pytest.mark.shared_data, pytest.mark.usefixtures("reference_data")]

KULKE_FILE = "linkedcourses-kulke/courses_kulke.json"
# Courses of the Annantalo file for 12-16-year-olds, in file order.
AUDIENCE_COURSES = [
    "kulke:49488",
    "kulke:49261",
    "kulke:49487",
    "kulke:49484",
    "kulke:49483",
    "kulke:49481",
    "kulke:49480",
    "kulke:49479",
    "kulke:49478",
    "kulke:49472",
    "kulke:49471",
    "kulke:49473",
]


def serve_in_three_pages(api, events, *, failing_page=None):
    """Split the events over /v1/event/, ?page=2 and ?page=3, linked through meta.next."""
    paths = ["/v1/event/", "/v1/event/?page=2", "/v1/event/?page=3"]
    size = -(-len(events) // 3)
    for number, path in enumerate(paths):
        next_path = paths[number + 1] if number + 1 < len(paths) else None
        status = 500 if number + 1 == failing_page else 200
        api.add_page(path, events[number * size : (number + 1) * size], next_path, status=status)
    return api.url(paths[0])


def run_import(url):
    output = io.StringIO()
    with translation.override("en"):
        call_command("import_linkedevents", url, stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_api_pages_followed_through_next(shared_data_dir, recorded_api):
    events = read_event_files([shared_data_dir / KULKE_FILE])
    url = serve_in_three_pages(recorded_api, events)

    output = run_import(url)

    assert recorded_api.requests == ["/v1/event/", "/v1/event/?page=2", "/v1/event/?page=3"]
    assert output.splitlines() == ["Linked Events: 12 created, 0 updated, 0 unchanged, 8 skipped"]
    assert sorted(Hobby.objects.values_list("origin_id", flat=True)) == sorted(AUDIENCE_COURSES)
    last_page_course = Hobby.objects.get(origin_id="kulke:49473")
    assert last_page_course.schedules.get().weekdays == [4]


@pytest.mark.django_db
def test_api_reimport_changes_nothing(shared_data_dir, recorded_api):
    url = serve_in_three_pages(recorded_api, read_event_files([shared_data_dir / KULKE_FILE]))
    run_import(url)

    output = run_import(url)

    assert output.splitlines() == ["Linked Events: 0 created, 0 updated, 12 unchanged, 8 skipped"]
    assert Hobby.objects.count() == 12


@pytest.mark.django_db
def test_failing_page_stops_import_and_keeps_earlier_pages(shared_data_dir, recorded_api):
    events = read_event_files([shared_data_dir / KULKE_FILE])
    url = serve_in_three_pages(recorded_api, events, failing_page=2)
    output = io.StringIO()

    with (
        translation.override("en"),
        pytest.raises(CommandError, match=r"\?page=2 returned HTTP 500"),
    ):
        call_command("import_linkedevents", url, stdout=output)

    assert recorded_api.requests == ["/v1/event/", "/v1/event/?page=2"]
    first_page_ids = [event["id"] for event in events[:7]]
    assert first_page_ids[:3] == ["kulke:50114", "kulke:50110", "kulke:49488"]
    assert set(Hobby.objects.values_list("origin_id", flat=True)) == set(first_page_ids) & set(
        AUDIENCE_COURSES
    )
    assert output.getvalue().splitlines() == [
        "Linked Events: 3 created, 0 updated, 0 unchanged, 4 skipped"
    ]


@pytest.mark.django_db
def test_page_without_data_list_fails(recorded_api):
    recorded_api.pages["/v1/event/"] = (200, b'{"detail": "maintenance"}')

    with pytest.raises(CommandError, match="is not a Linked Events page"):
        run_import(recorded_api.url("/v1/event/"))


@pytest.mark.django_db
def test_next_link_back_to_earlier_page_fails(shared_data_dir, recorded_api):
    events = read_event_files([shared_data_dir / KULKE_FILE])
    recorded_api.add_page("/v1/event/", events[:2], "/v1/event/?page=2")
    recorded_api.add_page("/v1/event/?page=2", events[2:4], "/v1/event/")

    with pytest.raises(CommandError, match="links back to a page that was already read"):
        run_import(recorded_api.url("/v1/event/"))

    assert recorded_api.requests == ["/v1/event/", "/v1/event/?page=2"]
