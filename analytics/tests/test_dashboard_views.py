"""The portal's analytics pages and exports: which role may open which page, and what pages show."""

import io
import re

import pytest
from openpyxl import load_workbook

from core import testing

from .conftest import add_events  # noqa: F401  (fixtures below build on it)


def urls(month):
    return {
        "index": "/portal/analytics/",
        "national": f"/portal/analytics/{month}/national/",
        "helsinki": f"/portal/analytics/{month}/091/",
        "helsinki_csv": f"/portal/analytics/{month}/091/report.csv",
        "helsinki_xlsx": f"/portal/analytics/{month}/091/report.xlsx",
        "national_csv": f"/portal/analytics/{month}/national/report.csv",
        "downloads": "/portal/analytics/downloads/",
        "downloads_template": "/portal/analytics/downloads/template.csv",
    }


# (role, page, expected status). "Not yours" returns 404, like a report that does not exist.
PERMISSIONS = [
    *[("anonymous", page, 302) for page in urls("x")],
    *[("provider_member", page, 403) for page in urls("x")],
    ("helsinki_moderator", "index", 200),
    ("helsinki_moderator", "national", 404),
    ("helsinki_moderator", "helsinki", 200),
    ("helsinki_moderator", "helsinki_csv", 200),
    ("helsinki_moderator", "helsinki_xlsx", 200),
    ("helsinki_moderator", "national_csv", 404),
    ("helsinki_moderator", "downloads", 404),
    ("helsinki_moderator", "downloads_template", 404),
    ("espoo_moderator", "index", 200),
    ("espoo_moderator", "national", 404),
    ("espoo_moderator", "helsinki", 404),
    ("espoo_moderator", "helsinki_csv", 404),
    ("espoo_moderator", "helsinki_xlsx", 404),
    ("espoo_moderator", "downloads", 404),
    *[("administrator", page, 200) for page in urls("x")],
]


def user_for(role, helsinki, espoo):
    if role == "anonymous":
        return None
    if role == "provider_member":
        return testing.make_member(testing.make_provider(municipality=helsinki), role="admin")
    if role == "helsinki_moderator":
        return testing.make_moderator(helsinki)
    if role == "espoo_moderator":
        return testing.make_moderator(espoo)
    return testing.make_user(is_national_admin=True)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "page", "status"), PERMISSIONS)
def test_permission_matrix(client, small_counts_data, helsinki, espoo, role, page, status):
    user = user_for(role, helsinki, espoo)
    if user:
        client.force_login(user)
    response = client.get(urls(small_counts_data)[page])
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_superuser_sees_national(client, small_counts_data):
    client.force_login(testing.make_user(is_superuser=True))
    assert client.get(urls(small_counts_data)["national"]).status_code == 200


@pytest.mark.django_db
def test_unknown_municipality_is_404(client, administrator, small_counts_data):
    client.force_login(administrator)
    assert client.get(f"/portal/analytics/{small_counts_data}/999/").status_code == 404


@pytest.mark.django_db
def test_future_month_is_404(client, administrator, small_counts_data):
    client.force_login(administrator)
    assert client.get(f"/portal/analytics/{small_counts_data.next().next()}/national/").status_code == 404


@pytest.mark.django_db
def test_index_lists_only_moderated_municipalities(client, helsinki, espoo):
    client.force_login(testing.make_moderator(helsinki))
    page = client.get("/portal/analytics/").content.decode()
    assert "Helsinki (091)" in page
    assert "Espoo" not in page
    assert 'value="national"' not in page


@pytest.mark.django_db
def test_index_form_opens_report(client, administrator, small_counts_data):
    client.force_login(administrator)
    response = client.get("/portal/analytics/", {"month": str(small_counts_data), "scope": "091"})
    assert response.status_code == 302
    assert response["Location"] == f"/portal/analytics/{small_counts_data}/091/"


@pytest.mark.django_db
def test_index_form_rejects_bad_scope(client, administrator):
    client.force_login(administrator)
    assert client.get("/portal/analytics/", {"month": "2027-01", "scope": "../x"}).status_code == 404


@pytest.mark.django_db
def test_report_page_hides_small_counts(client, administrator, small_counts_data):
    client.force_login(administrator)
    page = client.get(urls(small_counts_data)["helsinki"]).content.decode()
    rare_row = page.split("Harvinainen harppu</th>")[1].split("</tr>")[0]
    popular_row = page.split("Suosittu sähly</th>")[1].split("</tr>")[0]
    assert '<td class="number">&lt; 5</td>' in rare_row
    assert ">3<" not in rare_row
    assert '<td class="number">12</td>' in popular_row


@pytest.mark.django_db
def test_report_page_has_svg_charts_with_text_alternatives(client, administrator, small_counts_data):
    client.force_login(administrator)
    page = client.get(urls(small_counts_data)["helsinki"]).content.decode()
    chart = page.split('<figure class="chart">')[1].split("</figure>")[0]
    assert '<svg role="img" aria-labelledby="chart-hobby_views-title chart-hobby_views-desc"' in chart
    assert "<desc id=\"chart-hobby_views-desc\">" in chart
    assert "Suosittu sähly" in chart
    assert "&lt; 5" in chart
    assert ">3<" not in chart
    assert "<caption>" in page.split("</figure>")[1]


@pytest.mark.django_db
def test_report_page_in_swedish(client, administrator, small_counts_data):
    client.force_login(administrator)
    page = client.get(f"/sv/portal/analytics/{small_counts_data}/091/").content.decode()
    assert '<html lang="sv">' in page
    assert "Mest visade hobbyer" in page


@pytest.mark.django_db
def test_csv_export_hides_small_counts(client, administrator, small_counts_data):
    client.force_login(administrator)
    response = client.get(urls(small_counts_data)["helsinki_csv"])
    lines = response.content.decode("utf-8-sig").splitlines()
    rare = [line for line in lines if "Harvinainen harppu" in line]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="harrastuspassi-091-{small_counts_data}.csv"'
    assert lines[0] == "Osio,Kohde,Mittari,Tämä kuukausi,Edellinen kuukausi,Muutos,Muutos (%)"
    assert rare == ["Katsotuimmat harrastukset,Harvinainen harppu,Katselut,< 5,< 5,,"]


@pytest.mark.django_db
def test_xlsx_export_hides_small_counts(client, administrator, small_counts_data):
    client.force_login(administrator)
    response = client.get(urls(small_counts_data)["helsinki_xlsx"])
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Katsotuimmat harrastukset"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Harvinainen harppu"] == ("< 5", "< 5", None, None)
    assert rows["Suosittu sähly"] == (12, "< 5", None, None)
    key_figures = {row[0]: row[1] for row in workbook["Tunnusluvut"].iter_rows(min_row=2, values_only=True)}
    assert key_figures["Kuukauden aktiiviset käyttäjät"] == "< 5"
    assert key_figures["Verkkosovelluksen asennukset"] == 7


@pytest.fixture
def formula_named_hobby(small_counts_data, helsinki):
    from analytics.rollups import roll_up

    hobby = testing.make_hobby(name_fi='=HYPERLINK("http://evil.example/","klik")', municipality=helsinki)
    add_events(small_counts_data.first_day.replace(day=11), "hobby_view", 6, hobby_id=hobby.pk)
    roll_up(first_day=small_counts_data.first_day, last_day=small_counts_data.last_day)
    return small_counts_data


@pytest.mark.django_db
def test_csv_export_escapes_formula_in_hobby_name(client, administrator, formula_named_hobby):
    client.force_login(administrator)

    lines = client.get(urls(formula_named_hobby)["helsinki_csv"]).content.decode("utf-8-sig").splitlines()

    (line,) = [line for line in lines if "HYPERLINK" in line]
    assert line.startswith('Katsotuimmat harrastukset,"\'=HYPERLINK(')


@pytest.mark.django_db
def test_xlsx_export_stores_formula_as_text(client, administrator, formula_named_hobby):
    client.force_login(administrator)

    response = client.get(urls(formula_named_hobby)["helsinki_xlsx"])

    sheet = load_workbook(io.BytesIO(response.content))["Katsotuimmat harrastukset"]
    (cell,) = [row[0] for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(row[0].value)]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example/","klik")'


@pytest.mark.django_db
def test_xlsx_export_drops_control_characters(client, administrator, small_counts_data, helsinki):
    from analytics.rollups import roll_up

    hobby = testing.make_hobby(name_fi="Sähly\x0bkerho\x1f", municipality=helsinki)
    add_events(small_counts_data.first_day.replace(day=11), "hobby_view", 6, hobby_id=hobby.pk)
    roll_up(first_day=small_counts_data.first_day, last_day=small_counts_data.last_day)
    client.force_login(administrator)

    response = client.get(urls(small_counts_data)["helsinki_xlsx"])

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Katsotuimmat harrastukset"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Sählykerho" in names


def column_headings(page, section_key):
    table_head = page.split(f'id="section-{section_key}"')[1].split("<thead>")[1].split("</thead>")[0]
    return re.findall(r"<th[^>]*>(.*?)</th>", table_head)


@pytest.mark.django_db
def test_report_table_headings_name_their_measure(client, administrator, small_counts_data):
    from analytics.rollups import roll_up

    add_events(small_counts_data.first_day.replace(day=12), "promotion_view", 8, promotion_id=4)
    add_events(small_counts_data.first_day.replace(day=12), "promotion_use", 6, promotion_id=4)
    roll_up(first_day=small_counts_data.first_day, last_day=small_counts_data.last_day)
    client.force_login(administrator)

    page = client.get(f"/en/portal/analytics/{small_counts_data}/091/").content.decode()

    assert column_headings(page, "promotions") == [
        "Promotion",
        "Views",
        "Views, previous month",
        "Views, change",
        "Uses",
        "Uses, previous month",
        "Uses, change",
    ]
    assert column_headings(page, "hobby_views") == ["Hobby", "Views", "Previous month", "Change"]
