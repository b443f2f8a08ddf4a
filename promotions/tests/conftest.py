"""Fixtures of the promotions tests: one provider's promotion and a user per role."""

from types import SimpleNamespace

import pytest

from core import testing


@pytest.fixture
def shop(db):
    """A municipality with a provider, its promotion, and users of every role."""
    municipality = testing.make_municipality()
    provider = testing.make_provider(municipality=municipality)
    other_provider = testing.make_provider()
    location = testing.make_location(municipality=municipality)
    promotion = testing.make_promotion(provider, location, total_quantity=5)
    return SimpleNamespace(
        municipality=municipality,
        provider=provider,
        location=location,
        promotion=promotion,
        other_promotion=testing.make_promotion(other_provider, location),
        member=testing.make_member(provider, role="editor"),
        other_member=testing.make_member(other_provider, role="admin"),
        moderator=testing.make_moderator(municipality),
        other_moderator=testing.make_moderator(testing.make_municipality()),
        administrator=testing.make_user(is_national_admin=True),
    )


def device_key(number):
    """Return a valid device key, different for each `number`."""
    return f"test-device-key-{number:06d}-abcdefghijklmnop"


@pytest.fixture
def parallel_live_server(transactional_db, settings):
    """Return the URL of a live server that accepts 128 waiting connections.

    pytest-django's live_server keeps Django's listen backlog of 10, and the kernel resets
    some of 30 or more connections that arrive at once. Each request runs in its own thread
    with its own database connection (the SQLite test database is a file, see
    settings_test).
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class WideBacklogServer(ThreadedWSGIServer):
        request_queue_size = 128

    class ParallelLiveServerThread(LiveServerThread):
        server_class = WideBacklogServer

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    thread = ParallelLiveServerThread("127.0.0.1", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
