"""GET /api/analytics/v1/national/<YYYY-MM>/: the national aggregates as open data."""

import pytest

from analytics.months import Month


@pytest.mark.django_db
def test_national_json_suppresses_small_counts(client, small_counts_data):
    response = client.get(f"/api/analytics/v1/national/{small_counts_data}/")
    body = response.json()
    sections = {section["key"]: section for section in body["sections"]}
    hobby_views = {row["label"]: row["values"]["count"] for row in sections["hobby_views"]["rows"]}
    key_figures = {row["key"]: row["values"]["count"] for row in sections["key_figures"]["rows"]}
    assert response.status_code == 200
    assert body["month"] == str(small_counts_data)
    assert body["scope"] == "national"
    assert body["suppression"]["threshold"] == 5
    assert hobby_views["Harvinainen harppu"] == {"count": None, "previous": None, "change": None, "change_percent": None}
    assert hobby_views["Suosittu sähly"]["count"] == 12
    assert key_figures["active_users"]["count"] is None
    assert key_figures["installs"]["count"] == 7


@pytest.mark.django_db
def test_open_data_leaves_out_search_texts(client, small_counts_data):
    body = client.get(f"/api/analytics/v1/national/{small_counts_data}/").json()
    keys = [section["key"] for section in body["sections"]]
    assert "searches" not in keys
    assert "zero_result_searches" not in keys
    assert "categories" in keys


@pytest.mark.django_db
def test_open_data_public_with_cors(client, small_counts_data):
    response = client.get(f"/api/analytics/v1/national/{small_counts_data}/", HTTP_ORIGIN="https://data.example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_open_data_labels_follow_language(client, small_counts_data):
    body = client.get(f"/api/analytics/v1/national/{small_counts_data}/", HTTP_ACCEPT_LANGUAGE="sv").json()
    titles = [section["title"] for section in body["sections"]]
    assert titles[0] == "Nyckeltal"


@pytest.mark.django_db
def test_national_csv_suppresses_small_counts(client, small_counts_data):
    response = client.get(f"/api/analytics/v1/national/{small_counts_data}.csv", HTTP_ACCEPT_LANGUAGE="en")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response.status_code == 200
    assert lines[0] == "Section,Item,Measure,This month,Previous month,Change,Change (%)"
    assert "Most viewed hobbies,Harvinainen harppu,Views,< 5,< 5,," in lines
    assert "Key figures,Monthly active users,Count,< 5,< 5,," in lines
    assert not any(line.startswith("Most common searches") for line in lines)


@pytest.mark.django_db
def test_future_month_not_found(client):
    month = Month.current().next()
    response = client.get(f"/api/analytics/v1/national/{month}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_malformed_month_not_found(client):
    assert client.get("/api/analytics/v1/national/2027-13/").status_code == 404
    assert client.get("/api/analytics/v1/national/27-01/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["0001-01", "1999-12", "2101-01"])
def test_month_outside_service_years_is_404(client, month):
    from analytics.models import CatalogueSnapshot

    response = client.get(f"/api/analytics/v1/national/{month}/")

    assert response.status_code == 404
    assert not CatalogueSnapshot.objects.exists()
