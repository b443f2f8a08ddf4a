"""Fixtures shared by every app's tests."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from core import testing


def running_in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def default_language():
    """Reset the active language after each test: LocaleMiddleware activates the language of
    a request's URL (/en/, /sv/) in the test's thread and leaves it active, so the next test
    would reverse() URLs in that language."""
    yield
    translation.deactivate()


@pytest.fixture
def shared_data_dir():
    """Path of the real open data; skips the test when it is missing, fails instead under CI=true."""
    path = Path(settings.SHARED_DATA_DIR)
    if not path.is_dir():
        message = f"the shared data folder {path} is missing (set SHARED_DATA_DIR to its path)"
        if running_in_ci():
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    return path


@pytest.fixture
def municipality(db):
    return testing.make_municipality()


@pytest.fixture
def provider(db, municipality):
    return testing.make_provider(municipality=municipality)


@pytest.fixture
def location(db, municipality):
    return testing.make_location(municipality=municipality)


@pytest.fixture
def category_tree(db):
    return testing.make_category_tree()


@pytest.fixture
def hobby(db, provider, location):
    return testing.make_hobby(provider=provider, location=location)


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache, so that rate-limit counts of one test cannot
    reject the requests of the next (the test client always comes from 127.0.0.1)."""
    from django.core.cache import cache

    cache.clear()
    yield


def pytest_sessionfinish(session):
    """Delete the SQLite test database's -wal and -shm files.

    Django's teardown deletes only the database file, and the WAL files of connections that
    were still open (the live server's) would pile up in var/.
    """
    database = settings.DATABASES["default"]
    name = database.get("TEST", {}).get("NAME")
    if database["ENGINE"] != "django.db.backends.sqlite3" or not name:
        return
    path = Path(name)
    for leftover in path.parent.glob(f"{path.name.split('_gw')[0]}*"):
        leftover.unlink(missing_ok=True)
