"""Bulk import previews: each preview commits its own upload, and a stale or unknown
preview commits nothing."""

from core import testing
from hobbies.models import Hobby
from providers.models import ProviderMembership

from .test_bulk_import import commit, csv_file, token_of, upload
from .test_bulk_import_files import named_file

HEADERS = ["Your id", "Name in Finnish", "Publish"]
STALE_MESSAGE_EN = "This import preview is no longer available, so nothing was imported."
STALE_MESSAGE_FI = "Tämä tuonnin esikatselu ei ole enää käytettävissä, joten mitään ei tuotu."


def imported_ids():
    return sorted(Hobby.objects.filter(data_source__startswith="portal-provider").values_list("origin_id", flat=True))


def test_first_tab_commits_its_own_file_and_provider(world, editor_client):
    second_provider = testing.make_provider(municipality=world.municipality, name_fi="Toinen seura")
    ProviderMembership.objects.create(user=world.users["editor"], provider=second_provider, role="editor")
    tab_a = upload(editor_client, world, csv_file([["tabA", "Välilehti A", "yes"]], HEADERS))
    tab_b = upload(editor_client, world, csv_file([["tabB", "Välilehti B", "yes"]], HEADERS), provider=second_provider)

    response = commit(editor_client, tab_a)

    assert response.status_code == 302
    assert response["Location"] == f"/en/portal/hobbies/?provider={world.provider.pk}"
    assert imported_ids() == ["tabA"]
    assert Hobby.objects.get(origin_id="tabA").provider == world.provider

    commit(editor_client, tab_b)

    assert imported_ids() == ["tabA", "tabB"]
    assert Hobby.objects.get(origin_id="tabB").provider == second_provider


def test_each_preview_shows_its_own_rows(world, editor_client):
    tab_a = upload(editor_client, world, csv_file([["tabA", "Välilehti A", "yes"]], HEADERS))
    upload(editor_client, world, csv_file([["tabB", "Välilehti B", "yes"]], HEADERS))

    preview = editor_client.get(tab_a["Location"])

    assert [plan.external_id for plan in preview.context["validation"].plans] == ["tabA"]
    assert f'name="upload" value="{token_of(tab_a)}"' in preview.content.decode()


def test_unknown_token_commits_nothing(world, editor_client):
    upload(editor_client, world, csv_file([["tabA", "Välilehti A", "yes"]], HEADERS))

    response = editor_client.post("/en/portal/import/preview/", {"action": "commit", "upload": "guessed"}, follow=True)

    assert response.redirect_chain == [("/en/portal/import/", 302)]
    assert STALE_MESSAGE_EN in response.content.decode()
    assert imported_ids() == []


def test_commit_without_token_commits_nothing(world, editor_client):
    upload(editor_client, world, csv_file([["tabA", "Välilehti A", "yes"]], HEADERS))

    response = editor_client.post("/en/portal/import/preview/", {"action": "commit"})

    assert response.status_code == 302
    assert imported_ids() == []


def test_second_commit_of_same_preview_is_stale(world, editor_client):
    uploaded = upload(editor_client, world, csv_file([["tabA", "Välilehti A", "yes"]], HEADERS))
    commit(editor_client, uploaded)
    Hobby.objects.filter(origin_id="tabA").update(name_fi="Muutettu välillä")

    response = commit(editor_client, uploaded)

    assert response["Location"] == "/en/portal/import/"
    assert Hobby.objects.get(origin_id="tabA").name_fi == "Muutettu välillä"


def test_cancelled_preview_is_stale(world, editor_client):
    uploaded = upload(editor_client, world, csv_file([["tabA", "Välilehti A", "yes"]], HEADERS))
    editor_client.post("/en/portal/import/preview/", {"action": "cancel", "upload": token_of(uploaded)})

    response = commit(editor_client, uploaded)

    assert response["Location"] == "/en/portal/import/"
    assert imported_ids() == []


def test_oldest_preview_expires_after_newer_uploads(world, editor_client):
    oldest = upload(editor_client, world, csv_file([["old", "Vanha", "no"]], HEADERS))
    for number in range(3):
        upload(editor_client, world, csv_file([[f"new-{number}", "Uusi", "no"]], HEADERS))

    expired = commit(editor_client, oldest)

    assert expired["Location"] == "/en/portal/import/"
    assert imported_ids() == []


def test_stale_preview_message_is_translated(world, editor_client):
    response = editor_client.post("/portal/import/preview/", {"action": "commit", "upload": "guessed"}, follow=True)

    assert STALE_MESSAGE_FI in response.content.decode()


def test_other_users_token_commits_nothing(world, editor_client):
    uploaded = upload(editor_client, world, csv_file([["tabA", "Välilehti A", "yes"]], HEADERS))
    other_editor = testing.make_member(world.provider, role="editor")
    other_client = editor_client.__class__()
    other_client.force_login(other_editor)

    response = commit(other_client, uploaded)

    assert response["Location"] == "/en/portal/import/"
    assert imported_ids() == []


def test_failed_upload_keeps_earlier_preview(world, editor_client):
    uploaded = upload(editor_client, world, csv_file([["tabA", "Välilehti A", "yes"]], HEADERS))
    upload(editor_client, world, named_file(b"%PDF-1.4", "hobbies.pdf"))

    commit(editor_client, uploaded)

    assert imported_ids() == ["tabA"]
