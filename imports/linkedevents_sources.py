"""Reading Linked Events data: event files, place files, keyword lists and the paged API.

Linked Events (and Linked Courses, which shares its schema) publish events as JSON-LD. A
file may hold a list of events, one API page `{"meta": {...}, "data": [...]}`, a single
event, or the recorded API samples with keys such as EVENTS_DATA and PLACES_DATA.
"""

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

logger = logging.getLogger(__name__)

EVENT_FILES = (
    Path("linkedcourses-kulke/courses_kulke.json"),
    Path("harrastuspassi-backend/linkedcourses_basic_event.json"),
    Path("palvelutarjotin/linkedevents_api_samples.json"),
    Path("turku-linkedevents/event_sample_hobbies.json"),
)
PLACE_FILES = (
    Path("linkedevents-places/selectedPlaces.json"),
    Path("palvelutarjotin/linkedevents_api_samples.json"),
)
KEYWORD_LISTS_FILE = Path("hobbies-helsinki/course_category_keywords.json")

DEFAULT_TIMEOUT_SECONDS = 30


class PageFetchError(Exception):
    """An API page could not be fetched or was not a Linked Events page."""


def is_url(source):
    return urllib.parse.urlsplit(str(source)).scheme in ("http", "https")


def read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def events_in(document):
    """Return the event objects of a Linked Events JSON document in any of its file shapes."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise ValueError("a Linked Events file must hold a JSON list or object")
    if isinstance(document.get("data"), list):
        return document["data"]
    if "EVENTS_DATA" in document or "EVENT_DATA" in document:
        events = list((document.get("EVENTS_DATA") or {}).get("data") or [])
        if document.get("EVENT_DATA"):
            events.append(document["EVENT_DATA"])
        return events
    if "id" in document and ("name" in document or "start_time" in document):
        return [document]
    raise ValueError("no events found: expected a list, a page with 'data' or an event object")


def places_in(document):
    """Return the place objects of a places file: a list, a page, a place or the API samples."""
    if isinstance(document, list):
        places = document
    elif isinstance(document, dict) and isinstance(document.get("data"), list):
        places = document["data"]
    elif isinstance(document, dict) and ("PLACES_DATA" in document or "PLACE_DATA" in document):
        places = list((document.get("PLACES_DATA") or {}).get("data") or [])
        if document.get("PLACE_DATA"):
            places.append(document["PLACE_DATA"])
    elif isinstance(document, dict) and "id" in document:
        places = [document]
    else:
        places = []
    return [place for place in places if isinstance(place, dict) and place.get("id")]


def read_event_files(paths):
    """Return the events of every file (a folder stands for its *.json files), in order."""
    events = []
    for path in expand_paths(paths):
        events.extend(events_in(read_json(path)))
    return events


def read_places(paths):
    """Return {place id: place} from the place files that exist; missing files are logged."""
    places = {}
    for path in paths:
        if not Path(path).is_file():
            logger.warning("Place file %s not found; its places cannot be resolved", path)
            continue
        for place in places_in(read_json(path)):
            places.setdefault(str(place["id"]), place)
    return places


def expand_paths(paths):
    expanded = []
    for path in map(Path, paths):
        expanded.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return expanded


def read_keyword_lists(path):
    """Return ({keyword id: [list name, ...]}, excluded keyword ids) from the keyword-list file.

    The file maps the keyword ids of Helsinki's hobby search to its course categories
    (SPORT_COURSES_KEYWORDS and so on); HOBBIES_EXCLUDED_KEYWORDS lists keywords whose events
    are not hobbies.
    """
    if not path or not Path(path).is_file():
        logger.warning("Keyword-list file %s not found; only YSO keywords give categories", path)
        return {}, set()
    lists = read_json(path).get("keyword_lists") or {}
    by_keyword = {}
    excluded = set()
    for list_name, entries in lists.items():
        for entry in entries or []:
            keyword_id = entry.get("keyword_id") if isinstance(entry, dict) else None
            if not keyword_id:
                continue
            if list_name == "HOBBIES_EXCLUDED_KEYWORDS":
                excluded.add(keyword_id)
            else:
                by_keyword.setdefault(keyword_id, [])
                if list_name not in by_keyword[keyword_id]:
                    by_keyword[keyword_id].append(list_name)
    return by_keyword, excluded


def fetch_page(url, *, timeout):
    """Fetch one API page and return its JSON object; raise PageFetchError naming the URL."""
    if not is_url(url):
        raise PageFetchError(f"{url!r} is not an http(s) URL")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            page = json.load(response)
    except urllib.error.HTTPError as error:
        raise PageFetchError(f"{url} returned HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise PageFetchError(f"{url} could not be fetched: {error}") from error
    except ValueError as error:
        raise PageFetchError(f"{url} did not return JSON: {error}") from error
    if not isinstance(page, dict) or not isinstance(page.get("data"), list):
        raise PageFetchError(f"{url} is not a Linked Events page: it has no 'data' list")
    return page


def api_pages(url, *, timeout=DEFAULT_TIMEOUT_SECONDS, max_pages=None):
    """Yield the event lists of an API listing, following meta.next page by page.

    Raises PageFetchError for a page that fails, after the earlier pages were yielded, and
    for a `next` link back to a page already read, which would loop for ever.
    """
    seen = set()
    count = 0
    while url:
        if url in seen:
            raise PageFetchError(f"{url} links back to a page that was already read")
        seen.add(url)
        page = fetch_page(url, timeout=timeout)
        logger.info("Fetched %s with %s events", url, len(page["data"]))
        yield page["data"]
        count += 1
        if max_pages is not None and count >= max_pages:
            return
        url = (page.get("meta") or {}).get("next")


def reference_id(value, kind):
    """Return the id in a Linked Events reference: {"id": …}, {"@id": ".../place/tprek:7254/"} or a URL."""
    if isinstance(value, dict):
        if value.get("id"):
            return str(value["id"])
        value = value.get("@id")
    if not isinstance(value, str) or not value:
        return None
    match = re.search(rf"/{kind}/([^/?#]+)", value)
    if match:
        return urllib.parse.unquote(match.group(1))
    return value if "/" not in value else None
