"""Import Linked Events or Linked Courses events from files or from the API."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from imports.command_helpers import (
    add_shift_dates_argument,
    default_path,
    optional_path,
    positive_number,
    require_path,
    write_summaries,
)
from imports.linkedevents import LinkedEventsImporter
from imports.linkedevents_sources import (
    DEFAULT_TIMEOUT_SECONDS,
    EVENT_FILES,
    KEYWORD_LISTS_FILE,
    PLACE_FILES,
    PageFetchError,
    api_pages,
    is_url,
    read_event_files,
    read_keyword_lists,
    read_places,
)

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Import Linked Events / Linked Courses events as hobbies. SOURCE is a JSON file or folder "
        "(a list of events, an API page, one event or the recorded API samples) or an API URL "
        "such as http://127.0.0.1:8123/v1/event/, whose pages are followed through meta.next."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            nargs="*",
            help="Files, folders or one API URL (default: the Linked Events files under SHARED_DATA_DIR).",
        )
        parser.add_argument(
            "--data-source",
            default="linkedevents",
            help="The data_source of the imported records; give each Linked Events instance its own (default: linkedevents).",
        )
        parser.add_argument(
            "--places",
            action="append",
            help="A JSON file of Linked Events places for resolving place ids; repeatable (default: the place files under SHARED_DATA_DIR).",
        )
        parser.add_argument("--keyword-lists", help="The course-category keyword-list JSON file.")
        parser.add_argument(
            "--timeout",
            type=positive_number(float),
            default=DEFAULT_TIMEOUT_SECONDS,
            help="Seconds to wait for each API page (default: 30).",
        )
        parser.add_argument(
            "--max-pages", type=positive_number(int), help="Stop after this many API pages."
        )
        add_shift_dates_argument(parser)

    def handle(self, *args, **options):
        sources = options["source"] or [default_path(path) for path in EVENT_FILES]
        urls = [source for source in sources if is_url(source)]
        if urls and len(sources) > 1:
            raise CommandError(gettext("Give either one API URL or files, not both."))

        try:
            places = read_places(
                [require_path(path) for path in options["places"] or []]
                or [default_path(path) for path in PLACE_FILES]
            )
            keyword_lists = read_keyword_lists(
                optional_path(options["keyword_lists"]) or default_path(KEYWORD_LISTS_FILE)
            )
            events = [] if urls else read_event_files([require_path(source) for source in sources])
        except (OSError, ValueError) as error:
            raise CommandError(
                gettext("Cannot read the Linked Events files: %(error)s") % {"error": error}
            ) from error
        importer = LinkedEventsImporter(
            data_source=options["data_source"],
            places=places,
            keyword_lists=keyword_lists,
            shift_dates=options["shift_dates"],
        )

        if urls:
            try:
                importer.import_pages(
                    api_pages(urls[0], timeout=options["timeout"], max_pages=options["max_pages"])
                )
            except PageFetchError as error:
                logger.error("Stopped the Linked Events import from %s: %s", urls[0], error)
                write_summaries(self, [importer.finish()])
                raise CommandError(
                    gettext("The import stopped because a page failed: %(error)s")
                    % {"error": error}
                ) from error
        else:
            importer.import_events(events)
        write_summaries(self, [importer.finish()])
