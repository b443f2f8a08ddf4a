"""Import the municipalities and postal codes of Finland and Åland."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from imports.command_helpers import default_path, optional_path, require_path, write_summaries
from imports.municipalities import (
    MUNICIPALITIES_FILE,
    POSTAL_CODES_FILE,
    POSTI_FILE,
    DataFileError,
    import_municipalities,
)


class Command(BaseCommand):
    help = (
        "Import municipalities (code, names, region, centre point, population) and postal codes "
        "(GeoNames points with Swedish names from Posti). Municipalities missing from the list "
        "are marked inactive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="The municipality CSV file, or a data folder that contains it (default: under SHARED_DATA_DIR).",
        )
        parser.add_argument("--postal-codes", help="The GeoNames postal-code CSV file.")
        parser.add_argument(
            "--posti", help="Posti's postal-code JSON file, for Swedish postal-area names."
        )

    def handle(self, *args, **options):
        path = require_path(options["path"] or default_path(MUNICIPALITIES_FILE))
        data_dir = path if path.is_dir() else default_path(".")
        municipalities_file = data_dir / MUNICIPALITIES_FILE if path.is_dir() else path
        postal_codes_file = require_path(options["postal_codes"] or data_dir / POSTAL_CODES_FILE)
        posti_file = optional_path(options["posti"]) or data_dir / POSTI_FILE
        try:
            stats = import_municipalities(
                data_dir,
                municipalities_file=require_path(municipalities_file),
                postal_codes_file=postal_codes_file,
                posti_file=posti_file,
            )
        except DataFileError as error:
            raise CommandError(municipality_files_error(error)) from error
        write_summaries(self, stats)


def municipality_files_error(error):
    return gettext("Cannot read the municipality files: %(error)s") % {"error": error}
