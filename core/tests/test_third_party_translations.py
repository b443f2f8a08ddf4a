"""The admin pages of installed libraries without fi/sv catalogues are translated by core."""

import pytest
from axes.models import AccessLog
from django.urls import reverse
from django.utils import timezone

from core import testing

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(testing.make_user("root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", ["Kirjautumisyritykset", "Kirjautumislokit", "Muuta tai näytä lista -linkki"]),
        ("/sv", ["Inloggningsförsök", "Inloggningsloggar", "Ändra eller visa listlänk"]),
    ],
)
def test_admin_index_translates_library_texts(admin_client, prefix, expected):
    page = admin_client.get(prefix + reverse("admin:index")).content.decode()

    for text in expected:
        assert text in page
    assert "Access attempts" not in page
    assert "Change or view list link" not in page


def test_axes_access_log_fields_translated(admin_client):
    entry = AccessLog.objects.create(
        user_agent="Firefox",
        ip_address="127.0.0.1",
        username="root",
        http_accept="*/*",
        path_info="/admin/",
        attempt_time=timezone.now(),
    )

    page = admin_client.get(
        reverse("admin:axes_accesslog_change", args=[entry.pk])
    ).content.decode()

    assert "Selaimen tunniste (User-Agent):" in page
    assert "HTTP Accept -otsake:" in page
    assert "IP-osoite:" in page
    assert "User Agent:" not in page
