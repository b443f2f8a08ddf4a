"""Print the transfer size of youth app pages: HTML, CSS and JavaScript, raw and compressed.

Run against the database of `make run` (or any DATABASE_URL):
    DEBUG=1 .venv/bin/python bench/youth_page_weight.py [PATH ...]
Defaults to the list page, the list with a place and a filter, and the home page.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harrastuspassi.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from youth.weight import BUDGET_BYTES, page_resources  # noqa: E402

DEFAULT_PATHS = ["/hobbies/", "/hobbies/?lat=60.171&lon=24.941&place=00100+Helsinki&day=2", "/"]


def main(paths):
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="fi")
    for path in paths:
        resources = page_resources(client, path)
        print(f"\n{path}")
        print("| resource | bytes | gzip bytes |\n| --- | ---: | ---: |")
        for resource in resources:
            print(f"| {resource.name} | {resource.raw_bytes:,} | {resource.gzip_bytes:,} |")
        raw = sum(resource.raw_bytes for resource in resources)
        compressed = sum(resource.gzip_bytes for resource in resources)
        print(f"| total | {raw:,} | {compressed:,} ({compressed / BUDGET_BYTES:.0%} of {BUDGET_BYTES // 1024} KB) |")


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT_PATHS)
