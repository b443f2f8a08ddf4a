"""Fixtures of the importer tests: reference data from the real files and a local HTTP server."""

import csv
import http.server
import json
import threading
from pathlib import Path

import pytest
from django.conf import settings

from hobbies.models import HobbyCategory
from imports.municipalities import (
    MUNICIPALITIES_FILE,
    POSTAL_CODES_FILE,
    POSTI_FILE,
    import_municipalities,
)
from imports.ontology import ONTOLOGY_FILE, import_categories
from places.models import Municipality, PostalCode

# Municipalities whose postal codes the hobby tests need: Helsinki, Espoo, Vantaa,
# Hämeenlinna, Turku and Keuruu. Importing only these keeps the fixture fast.
REFERENCE_MUNICIPALITY_CODES = {"091", "049", "092", "109", "853", "249"}


def write_postal_code_subset(source, target):
    with open(source, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if row["admin_code3"] in REFERENCE_MUNICIPALITY_CODES]
        fieldnames = reader.fieldnames
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """Import municipalities, some postal codes and the categories once for a test module.

    The rows stay in the test database while the module's tests run (each test rolls back
    only its own changes) and are deleted afterwards. Without the data folder nothing is
    imported; the tests then skip (or fail under CI) through `shared_data_dir`.
    """
    data_dir = Path(settings.SHARED_DATA_DIR)
    if not data_dir.is_dir():
        yield None
        return
    subset = tmp_path_factory.mktemp("reference") / "postal_codes.csv"
    write_postal_code_subset(data_dir / POSTAL_CODES_FILE, subset)
    with django_db_blocker.unblock():
        import_municipalities(
            data_dir,
            municipalities_file=data_dir / MUNICIPALITIES_FILE,
            postal_codes_file=subset,
            posti_file=data_dir / POSTI_FILE,
        )
        import_categories(data_dir / ONTOLOGY_FILE)
    yield data_dir
    with django_db_blocker.unblock():
        delete_reference_data()


def delete_reference_data():
    PostalCode.objects.all().delete()
    Municipality.objects.all().delete()
    # Parents are protected, so delete the deepest categories first.
    for level in sorted(set(HobbyCategory.objects.values_list("level", flat=True)), reverse=True):
        HobbyCategory.objects.filter(level=level).delete()


class RecordedApi:
    """Pages served by a local HTTP server: {path: (status, body)}, and the paths requested."""

    def __init__(self):
        self.pages = {}
        self.requests = []
        self.base_url = ""

    def url(self, path):
        return f"{self.base_url}{path}"

    def add_page(self, path, events, next_path=None, status=200):
        body = {
            "meta": {"count": len(events), "next": self.url(next_path) if next_path else None},
            "data": events,
        }
        self.pages[path] = (status, json.dumps(body).encode())


@pytest.fixture
def recorded_api():
    """A Linked Events API on 127.0.0.1 (a free port) that serves the pages a test adds."""
    api = RecordedApi()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            api.requests.append(self.path)
            status, body = api.pages.get(self.path, (404, b'{"detail": "Not found."}'))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    api.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield api
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
