"""Import LIPAS sports places as locations."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from imports.command_helpers import default_path, require_path, write_summaries
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
        data_dir = path if path.is_dir() else default_path(".")
        if path.is_dir():
            path = require_path(path / SPORTS_PLACES_FILE)
        try:
            stats = import_sports_places(
                path, type_names_file=options["types"] or data_dir / TYPE_NAMES_FILE
            )
        except (OSError, ValueError) as error:
            raise CommandError(
                gettext("Cannot read the LIPAS file: %(error)s") % {"error": error}
            ) from error
        write_summaries(self, stats)
