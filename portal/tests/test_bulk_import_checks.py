"""Bulk import: the preview rejects every value that the commit would fail on, and a commit
that fails anyway is rolled back and shown on the page."""

import pytest
from django.db import connection
from django.utils import translation

from hobbies import bulk_import
from hobbies.models import Hobby

from .test_bulk_import import commit, csv_file, upload

HEADERS = ["Your id", "Name in Finnish", "Description in Finnish", "Price type", "Price in euros", "Location name",
           "Street address", "Postal code", "City", "Web page", "Weekdays", "Start time", "End time", "First date",
           "Last date", "Exception dates", "Publish"]


def row(**values):
    """Return a valid CSV row with `values` (keyed by column key) put in."""
    cells = {
        "external_id": "judo-1",
        "name_fi": "Judon alkeet",
        "description_fi": "",
        "price_type": "free",
        "price_amount": "",
        "location_name": "Judosali",
        "street_address": "Urheilutie 1",
        "postal_code": "02100",
        "city": "Espoo",
        "info_url": "",
        "weekdays": "",
        "start_time": "",
        "end_time": "",
        "first_date": "",
        "last_date": "",
        "exception_dates": "",
        "publish": "no",
    }
    cells.update(values)
    return list(cells.values())


def preview_errors(client, uploaded):
    preview = client.get(uploaded["Location"])
    assert preview.status_code == 200
    return [(error.row, error.column, error.message) for error in preview.context["validation"].errors]


@pytest.mark.parametrize("price", ["NaN", "Infinity", "sNaN", "-inf", "1e400", "1E2", "12,5,0", "0x10"])
def test_non_numeric_price_is_row_error(world, editor_client, price):
    uploaded = upload(editor_client, world, csv_file([row(price_type="paid", price_amount=price)], headers=HEADERS))

    first_visit = preview_errors(editor_client, uploaded)
    second_visit = preview_errors(editor_client, uploaded)

    assert first_visit == [(2, "Price in euros", f"“{price}” is not a number.")]
    assert second_visit == first_visit


def test_price_beyond_cents_is_row_error(world, editor_client):
    uploaded = upload(editor_client, world, csv_file([row(price_type="paid", price_amount="12,345")], headers=HEADERS))

    assert preview_errors(editor_client, uploaded) == [
        (2, "Price in euros", "“12,345” has more than two decimals: give euros and cents, such as 25.50.")
    ]


def test_price_with_many_digits_is_too_high(world, editor_client):
    uploaded = upload(editor_client, world, csv_file([row(price_type="paid", price_amount="9" * 40 + ".5")], headers=HEADERS))

    assert [error[:2] for error in preview_errors(editor_client, uploaded)] == [(2, "Price in euros")]


def test_price_with_zero_decimals_is_accepted(world, editor_client):
    uploaded = upload(editor_client, world, csv_file([row(price_type="paid", price_amount="12,500 €")], headers=HEADERS))

    assert preview_errors(editor_client, uploaded) == []


@pytest.mark.parametrize(
    ("key", "column", "length"),
    [
        ("external_id", "Your id", 256),
        ("name_fi", "Name in Finnish", 1025),
        ("description_fi", "Description in Finnish", 10_001),
        ("location_name", "Location name", 256),
        ("street_address", "Street address", 256),
        ("city", "City", 101),
    ],
)
def test_overlong_text_is_row_error(world, editor_client, key, column, length):
    uploaded = upload(editor_client, world, csv_file([row(**{key: "a" * length})], headers=HEADERS))

    errors = preview_errors(editor_client, uploaded)

    assert errors == [
        (2, column, f"“{'a' * 39}…” is too long: {length} characters, the maximum is {length - 1}.")
    ]


def test_overlong_web_address_is_row_error(world, editor_client):
    address = "https://example.org/" + "a" * 990

    uploaded = upload(editor_client, world, csv_file([row(info_url=address)], headers=HEADERS))

    assert (2, "Web page", f"“{address[:39]}…” is too long: 1010 characters, the maximum is 1000.") in preview_errors(
        editor_client, uploaded
    )


def test_texts_at_column_limits_import(world, editor_client):
    values = {"external_id": "x" * 255, "location_name": "L" * 255, "street_address": "S" * 255, "city": "C" * 100}

    uploaded = upload(editor_client, world, csv_file([row(**values)], headers=HEADERS))
    assert preview_errors(editor_client, uploaded) == []
    response = commit(editor_client, uploaded)

    assert response.status_code == 302
    hobby = Hobby.objects.get(origin_id="x" * 255)
    assert (hobby.location.name_fi, hobby.location.city_fi) == ("L" * 255, "C" * 100)


@pytest.mark.parametrize(
    ("key", "column"),
    [
        ("external_id", "Your id"),
        ("name_fi", "Name in Finnish"),
        ("description_fi", "Description in Finnish"),
        ("location_name", "Location name"),
        ("city", "City"),
    ],
)
def test_null_character_is_row_error(world, editor_client, key, column):
    uploaded = upload(editor_client, world, csv_file([row(**{key: "Ju\x00do"})], headers=HEADERS))

    errors = preview_errors(editor_client, uploaded)

    assert (2, column, "“Ju\u2400do” contains a null character, which is not allowed.") in errors


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"exception_dates": "9999-12-31"}, "Exception dates"),
        ({"exception_dates": "1.1.1900 – 2.1.1900"}, "Exception dates"),
        ({"weekdays": "²"}, "Weekdays"),
        ({"weekdays": "9" * 5000}, "Weekdays"),
    ],
)
def test_odd_schedule_values_are_row_errors(world, editor_client, values, column):
    schedule = {"weekdays": "1", "start_time": "17:00", "end_time": "18:00", "first_date": "2030-01-07",
                "last_date": "2030-02-28"}
    schedule.update(values)

    uploaded = upload(editor_client, world, csv_file([row(**schedule)], headers=HEADERS))

    assert [error[:2] for error in preview_errors(editor_client, uploaded)] == [(2, column)]


def reject_origin_id_in_database(origin_id):
    """Install a trigger that makes the database reject a hobby with `origin_id`, as a
    constraint that validation does not know would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION test_reject_hobby() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.origin_id = '{origin_id}' THEN "
                "RAISE EXCEPTION 'rejected' USING ERRCODE = 'check_violation'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER test_reject_hobby BEFORE INSERT ON hobbies_hobby "
                "FOR EACH ROW EXECUTE FUNCTION test_reject_hobby()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER test_reject_hobby BEFORE INSERT ON hobbies_hobby "
                f"WHEN NEW.origin_id = '{origin_id}' BEGIN SELECT RAISE(ABORT, 'rejected'); END"
            )


def test_commit_rejected_by_database_saves_nothing(world, editor_client):
    reject_origin_id_in_database("judo-2")
    uploaded = upload(editor_client, world, csv_file([row(), row(external_id="judo-2")], headers=HEADERS))
    assert preview_errors(editor_client, uploaded) == []

    response = commit(editor_client, uploaded)

    assert response.status_code == 200
    assert response.context["commit_error"].row == 3
    page = response.content.decode()
    assert "The import failed: nothing was saved" in page
    assert "Row 3: The database did not accept the row, so nothing was imported." in page
    assert not Hobby.objects.filter(data_source__startswith="portal-provider").exists()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_template_example_row_imports_in_every_language(world, category_tree, language):
    headers, example = bulk_import.template_rows(language)
    rows = bulk_import._rows_by_key(enumerate([headers, example], start=1))

    validation = bulk_import.validate_rows(rows, world.provider)

    assert validation.errors == []
    plan = validation.plans[0]
    assert [category.name_en for category in plan.categories] == ["Martial arts"]
    assert plan.hobby_fields["price_type"] == Hobby.PriceType.FREE
    assert plan.publish is True


def test_finnish_template_uses_finnish_words(world):
    _headers, example = bulk_import.template_rows("fi")
    values = dict(zip([column.key for column in bulk_import.COLUMNS], example, strict=True))

    assert (values["price_type"], values["publish"], values["categories"]) == ("Maksuton", "kyllä", "Kamppailulajit")


@pytest.mark.parametrize(
    ("language", "publish_message", "price_type_message"),
    [
        (
            "fi",
            "”ehkä” ei ole kyllä eikä ei. Käytä jotakin näistä: kyllä, ei, yes, no.",
            "”ilmainen” ei ole hintatyyppi. Käytä jotakin näistä: maksuton (free), maksullinen (paid), "
            "vuosimaksu (annual), kausimaksu (seasonal), kertamaksu (one_time).",
        ),
        (
            "en",
            "“ehkä” is neither yes nor no. Use one of: yes, no.",
            "“ilmainen” is not a price type. Use one of: free, paid, annual fee (annual), seasonal fee (seasonal), "
            "one-time fee (one_time).",
        ),
    ],
)
def test_errors_list_accepted_words(world, category_tree, language, publish_message, price_type_message):
    rows = bulk_import._rows_by_key(enumerate([HEADERS, row(publish="ehkä", price_type="ilmainen")], start=1))

    with translation.override(language):
        messages = [error.message for error in bulk_import.validate_rows(rows, world.provider).errors]

    assert messages == [price_type_message, publish_message]
