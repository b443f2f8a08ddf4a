"""Import LIPAS sports places as locations."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from imports.command_helpers import default_path, optional_path, require_path, write_summaries
from imports.lipas import SPORTS_PLACES_FILE, TYPE_NAMES_FILE, import_sports_places


class Command(BaseCommand):
    help = (
        "Import LIPAS sports places (legacy API v1 JSON) as locations with their place type "
        "and the hobby categories that the type suits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="The sports-places JSON file, or a data folder that contains it (default: under SHARED_DATA_DIR).",
        )
        parser.add_argument("--types", help="The LIPAS type file with fi/sv/en type names.")

    def handle(self, *args, **options):
        path = require_path(options["path"] or default_path(SPORTS_PLACES_FILE))
        if path.is_dir():
            type_names_file = path / TYPE_NAMES_FILE
            path = require_path(path / SPORTS_PLACES_FILE)
        else:
            # The type file sits beside the places file in the data folder's lipas/ folder.
            type_names_file = path.parent / TYPE_NAMES_FILE.name
            if not type_names_file.is_file():
                type_names_file = default_path(TYPE_NAMES_FILE)
        try:
            stats = import_sports_places(
                path, type_names_file=optional_path(options["types"]) or type_names_file
            )
        except (OSError, ValueError) as error:
            raise CommandError(
                gettext("Cannot read the LIPAS file: %(error)s") % {"error": error}
            ) from error
        write_summaries(self, stats)
