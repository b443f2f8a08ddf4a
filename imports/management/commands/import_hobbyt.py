"""Import the hobbyt listings of youth hobbies in the Helsinki region."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from imports.command_helpers import (
    add_shift_dates_argument,
    default_path,
    require_path,
    write_summaries,
)
from imports.hobbyt import HOBBYT_DIR, import_hobbyt


class Command(BaseCommand):
    help = (
        "Import hobbyt activities (activities.json) with their organizers and categories from a "
        "folder that contains the five hobbyt JSON files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="The hobbyt folder, or its activities.json (default: under SHARED_DATA_DIR).",
        )
        add_shift_dates_argument(parser)

    def handle(self, *args, **options):
        path = require_path(options["path"] or default_path(HOBBYT_DIR))
        folder = path if path.is_dir() else path.parent
        try:
            stats = import_hobbyt(folder, shift_dates=options["shift_dates"])
        except (OSError, ValueError) as error:
            raise CommandError(
                gettext("Cannot read the hobbyt files: %(error)s") % {"error": error}
            ) from error
        write_summaries(self, stats)
