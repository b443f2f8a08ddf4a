"""Transfer size of a page with the CSS and JavaScript it loads, for the page-weight budget.

Static files are compressed with gzip level 9, as whitenoise's CompressedManifestStaticFilesStorage
stores them; the HTML with gzip level 6, a common reverse-proxy setting. Images are not
counted: the list page loads only lazy thumbnails, and their size depends on the data.
"""

import gzip
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders

# The youth app's budget for the list page's HTML, CSS and JavaScript together, compressed.
BUDGET_BYTES = 60 * 1024
ASSET_PATTERN = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


@dataclass
class Resource:
    name: str
    raw_bytes: int
    gzip_bytes: int


def page_resources(client, path):
    """Return a Resource for the page at `path` and for each stylesheet and script it loads."""
    response = client.get(path)
    if response.status_code != 200:
        raise ValueError(f"{path} returned status {response.status_code}, expected 200")
    html = response.content
    resources = [Resource(path, len(html), len(gzip.compress(html, compresslevel=6)))]
    for url in ASSET_PATTERN.findall(html.decode("utf-8")):
        if not url.startswith(settings.STATIC_URL):
            raise ValueError(f"{url} is not a static file of this site")
        found = finders.find(url.removeprefix(settings.STATIC_URL))
        if not found:
            raise ValueError(f"{url} was not found among the static files")
        with open(found, "rb") as handle:
            data = handle.read()
        resources.append(Resource(url, len(data), len(gzip.compress(data, compresslevel=9))))
    return resources
