"""The privacy notice and the developer docs describe everything the app keeps on the device."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from youth.tests.conftest import url

pytestmark = pytest.mark.django_db

SCRIPTS = [
    *(Path(settings.BASE_DIR) / "youth" / "static" / "youth").glob("*.js"),
    *(Path(settings.BASE_DIR) / "analytics" / "static" / "analytics").glob("*.js"),
]


def storage_keys():
    keys = set()
    for script in SCRIPTS:
        keys |= set(re.findall(r"[\"'](hp\.[A-Za-z.]+)[\"']", script.read_text(encoding="utf-8")))
    return keys


def test_docs_storage_table_lists_every_key():
    docs = (Path(settings.BASE_DIR) / "docs" / "youth-app.md").read_text(encoding="utf-8")
    table_keys = set(re.findall(r"^\| `(hp\.[A-Za-z.*]+)` \|", docs, re.M))

    def documented(key):
        return key in table_keys or any(k.endswith("*") and key.startswith(k[:-1]) for k in table_keys)

    keys = storage_keys()
    assert {"hp.deviceKey", "hp.promotions.uses"} <= keys
    assert sorted(key for key in keys if not documented(key)) == []


@pytest.mark.parametrize(
    ("language", "device_key", "hash_kept", "codes_on_device"),
    [
        ("fi", "anonyymi laiteavain", "avaimesta avaimellisen tiivisteen", "Etujen käyttökertojesi lunastuskoodit"),
        ("sv", "anonyma enhetsnyckel", "en nyckelberoende hash av nyckeln", "Inlösningskoderna för dina användningar"),
        ("en", "anonymous device key", "a keyed hash of the key", "The redemption codes of your promotion uses"),
    ],
)
def test_privacy_notice_describes_promotion_data(client, language, device_key, hash_kept, codes_on_device):
    content = client.get(url("youth:privacy", language=language)).content.decode()
    on_server, on_device = content.split('<h2>')[1], content.split('<h2>')[2]

    assert device_key in on_server
    assert hash_kept in on_server
    assert device_key in on_device
    assert codes_on_device in on_device


# Words of the privacy notice that describe each cookie, in each language.
COOKIE_DESCRIPTIONS = {
    "django_language": {"fi": "Valitsemasi kieli evästeessä.", "sv": "Språket du valt, i en kaka.", "en": "The language you chose, in a cookie."},
    "csrftoken": {"fi": "tietoturvaeväste", "sv": "säkerhetskaka", "en": "a security cookie"},
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_privacy_notice_names_every_cookie(client, provider, location, language):
    from core import testing

    promotion = testing.make_promotion(provider, location)
    pages = [
        url("youth:home", language=language),
        url("youth:hobby-list", language=language),
        url("youth:favourites", language=language),
        url("youth:place", language=language),
        url("youth:promotion-list", language=language),
        url("youth:promotion-detail", promotion.pk, language=language),
        url("youth:promotion-confirm", promotion.pk, language=language),
        url("youth:promotion-code", promotion.pk, language=language),
        f"/language/{language}/?next=/",
    ]
    cookies = set()
    for page in pages:
        cookies |= set(client.get(page).cookies)
    notice = client.get(url("youth:privacy", language=language)).content.decode()

    assert cookies <= set(COOKIE_DESCRIPTIONS)
    for name in cookies:
        assert COOKIE_DESCRIPTIONS[name][language] in notice, name
