"""Import the hobby category tree from the Harrastuspassi ontology."""

import xml.etree.ElementTree as ET

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from imports.command_helpers import default_path, require_path, write_summaries
from imports.ontology import ONTOLOGY_FILE, import_categories


class Command(BaseCommand):
    help = (
        "Import the hobby categories under 'Harrastusmuoto' from the Harrastuspassi ontology "
        "(OWL RDF/XML), with fi/sv/en names and YSO ids, and rebuild the tree order."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="The ontology.owl file, or a data folder that contains it (default: under SHARED_DATA_DIR).",
        )

    def handle(self, *args, **options):
        path = require_path(options["path"] or default_path(ONTOLOGY_FILE))
        if path.is_dir():
            path = require_path(path / ONTOLOGY_FILE)
        try:
            stats = import_categories(path)
        except (ValueError, ET.ParseError) as error:
            raise CommandError(
                gettext("Cannot read the ontology %(path)s: %(error)s")
                % {"path": path, "error": error}
            ) from error
        write_summaries(self, stats)
