"""Import every data set of the open data folder, or generate the demo data when asked to
and the folder is missing."""

import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from hobbies.search import rebuild_search_index
from imports.command_helpers import add_shift_dates_argument, write_summaries
from imports.demo import generate_demo_data, remove_demo_data
from imports.framework import update_planner_statistics
from imports.hobbyt import HOBBYT_DIR, import_hobbyt
from imports.linkedevents import LinkedEventsImporter
from imports.linkedevents_sources import (
    EVENT_FILES,
    KEYWORD_LISTS_FILE,
    PLACE_FILES,
    read_event_files,
    read_keyword_lists,
    read_places,
)
from imports.lipas import SPORTS_PLACES_FILE, TYPE_NAMES_FILE, import_sports_places
from imports.municipalities import MUNICIPALITIES_FILE, POSTAL_CODES_FILE, import_municipalities
from imports.ontology import ONTOLOGY_FILE, import_categories


class Command(BaseCommand):
    help = (
        "Import municipalities, categories, Linked Events, hobbyt and LIPAS from the open data "
        "folder, in that order. With --demo-if-missing and no folder, generate the demo data instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            default=None,
            help="The open data folder (default: settings.SHARED_DATA_DIR).",
        )
        parser.add_argument(
            "--demo-if-missing",
            action="store_true",
            help="Generate the demo data when the data folder does not exist, instead of failing.",
        )
        add_shift_dates_argument(parser)

    def handle(self, *args, **options):
        data_dir = Path(options["data_dir"] or settings.SHARED_DATA_DIR)
        if not data_dir.is_dir() and not options["demo_if_missing"]:
            # A mistyped folder must not quietly give demo data instead of the real data.
            raise CommandError(
                gettext(
                    "The data folder %(path)s does not exist. Give an existing folder with "
                    "--data-dir, or add --demo-if-missing to generate the demo data instead."
                )
                % {"path": data_dir}
            )
        if not data_dir.is_dir():
            self.stdout.write(
                gettext(
                    "The data folder %(path)s does not exist; generating the demo data instead."
                )
                % {"path": data_dir}
            )
            write_summaries(self, generate_demo_data())
            rebuild_search_index()
            update_planner_statistics()
            return

        removed = remove_demo_data()
        if removed:
            self.stdout.write(
                gettext(
                    "Removed the demo data (%(hobbies)s hobbies, %(providers)s providers, "
                    "%(locations)s locations), because the data folder is now there."
                )
                % {
                    "hobbies": removed.get("hobbies.Hobby", 0),
                    "providers": removed.get("providers.Provider", 0),
                    "locations": removed.get("places.Location", 0),
                }
            )
        shift = {"shift_dates": options["shift_dates"]}
        # Each step: the files it requires, the import, and its message for an unreadable file.
        steps = [
            (
                [MUNICIPALITIES_FILE, POSTAL_CODES_FILE],
                lambda: import_municipalities(data_dir),
                lambda error: gettext("Cannot read the municipality files: %(error)s")
                % {"error": error},
            ),
            (
                [ONTOLOGY_FILE],
                lambda: import_categories(data_dir / ONTOLOGY_FILE),
                lambda error: gettext("Cannot read the ontology %(path)s: %(error)s")
                % {"path": data_dir / ONTOLOGY_FILE, "error": error},
            ),
            (
                [],
                lambda: self.import_linkedevents(data_dir, shift),
                lambda error: gettext("Cannot read the Linked Events files: %(error)s")
                % {"error": error},
            ),
            (
                [HOBBYT_DIR / "activities.json"],
                lambda: import_hobbyt(data_dir / HOBBYT_DIR, **shift),
                lambda error: gettext("Cannot read the hobbyt files: %(error)s") % {"error": error},
            ),
            (
                [SPORTS_PLACES_FILE],
                lambda: import_sports_places(
                    data_dir / SPORTS_PLACES_FILE, type_names_file=data_dir / TYPE_NAMES_FILE
                ),
                lambda error: gettext("Cannot read the LIPAS file: %(error)s") % {"error": error},
            ),
        ]
        for required, run, read_error in steps:
            missing = [path for path in required if not (data_dir / path).exists()]
            if missing:
                self.stdout.write(
                    gettext("Skipped a step: %(path)s not found.") % {"path": data_dir / missing[0]}
                )
                continue
            try:
                stats = run()
            except (OSError, ValueError, ET.ParseError) as error:
                raise CommandError(read_error(error)) from error
            write_summaries(self, stats)
        # The hobby importers index what they change, but a renamed category changes the
        # terms of every hobby in it, so the whole index is rebuilt once at the end.
        rebuild_search_index()
        update_planner_statistics()

    def import_linkedevents(self, data_dir, shift):
        files = [data_dir / path for path in EVENT_FILES if (data_dir / path).is_file()]
        importer = LinkedEventsImporter(
            places=read_places([data_dir / path for path in PLACE_FILES]),
            keyword_lists=read_keyword_lists(data_dir / KEYWORD_LISTS_FILE),
            **shift,
        )
        importer.import_events(read_event_files(files))
        return [importer.finish()]
