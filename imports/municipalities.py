"""Import of Finland's municipalities and postal codes.

Sources: the municipality list (code, names in fi/sv/en, region, centre point, population),
the GeoNames postal-code points for Finland and Åland, and Posti's postal-code file for the
Swedish names of postal areas. Municipalities are keyed on their code and postal codes on
the code itself.
"""

import csv
import json
import logging
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from core.geo import haversine_m
from places.models import Municipality, PostalCode

from .framework import Importer, SkipRecord, save_object
from .lookups import MunicipalityIndex
from .parsing import capitalise_place_name, clean_postal_code

logger = logging.getLogger(__name__)

MUNICIPALITIES_FILE = Path("municipalities/municipalities_fi.csv")
POSTAL_CODES_FILE = Path("geonames-postal/postal_codes_fi_ax.csv")
POSTI_FILE = Path("posti-postcodes/postcodes.json")
# A postal code named after another municipality and placed farther than this from its
# centre is a special code (a PO box or a company's own code), not an area where pupils live.
MISPLACED_NAME_DISTANCE_M = 30_000


class DataFileError(ValueError):
    """A data file that exists but cannot be read as the format it should have."""

    def __init__(self, path, error):
        detail = error.strerror if isinstance(error, OSError) and error.strerror else error
        super().__init__(f"{path}: {detail}")


def read_csv(path):
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DataFileError(path, error) from error


def optional_float(value):
    value = (value or "").strip()
    return float(value) if value else None


def optional_int(value):
    value = (value or "").strip()
    return int(value) if value else None


class MunicipalityImporter(Importer):
    data_source = "municipalities"
    label = _("Municipalities")

    def __init__(self, **options):
        super().__init__(**options)
        self.existing = {
            municipality.code: municipality for municipality in Municipality.objects.all()
        }
        self.seen_codes = set()

    def record_id(self, row):
        return row.get("code")

    def save_record(self, row):
        code = (row.get("code") or "").strip()
        if not code:
            raise SkipRecord("missing municipality code")
        if code in self.seen_codes:
            raise SkipRecord("municipality code %s appears twice", code)
        self.seen_codes.add(code)

        values = {
            "name_fi": row["name_fi"].strip(),
            "name_sv": (row.get("name_sv") or "").strip(),
            "name_en": (row.get("name_en") or "").strip(),
            "region_code": (row.get("region_code") or "").strip(),
            "region_name_fi": (row.get("region_fi") or "").strip(),
            "region_name_sv": (row.get("region_sv") or "").strip(),
            "region_name_en": (row.get("region_en") or "").strip(),
            "centre_latitude": optional_float(row.get("centre_lat")),
            "centre_longitude": optional_float(row.get("centre_lon")),
            "population": optional_int(row.get("population_2019")),
            "is_active": True,
        }
        if not values["name_fi"]:
            raise SkipRecord("missing Finnish name")

        _municipality, outcome = save_object(
            Municipality, {"code": code}, values, instance=self.existing.get(code)
        )
        return outcome

    def deactivate_missing(self):
        """Mark municipalities missing from the list inactive (they were merged); return how many."""
        stale = Municipality.objects.filter(is_active=True).exclude(code__in=self.seen_codes)
        for code in stale.values_list("code", flat=True):
            logger.info("Municipality %s is no longer in the list; marking it inactive", code)
        return stale.update(is_active=False)


class PostalCodeImporter(Importer):
    """GeoNames postal-code points, with Swedish names from Posti's file where the codes match.

    For Åland rows GeoNames puts the municipality code in admin_code2 instead of
    admin_code3. A code whose GeoNames municipality no longer exists (a merger) falls back
    to the municipality in Posti's file.
    """

    data_source = "postal-codes"
    label = _("Postal codes")

    def __init__(self, posti_rows=(), **options):
        super().__init__(**options)
        self.posti = {row.get("postcode"): row for row in posti_rows if isinstance(row, dict)}
        self.municipalities = MunicipalityIndex()
        self.existing = {postal_code.code: postal_code for postal_code in PostalCode.objects.all()}
        self.misplaced = set()
        self.centres_by_name = {}
        # Finnish names only: Swedish ones repeat village names ("Lappo" is Lapua and a
        # village of Brändö).
        for municipality in Municipality.objects.exclude(centre_latitude=None).exclude(centre_longitude=None):
            self.centres_by_name[municipality.name_fi.casefold()] = municipality

    def record_id(self, row):
        return row.get("postal_code")

    def finish(self):
        """Remove the special postal codes that an earlier import stored, then summarise."""
        if self.misplaced:
            PostalCode.objects.filter(code__in=self.misplaced).delete()
        return super().finish()

    def named_elsewhere(self, name, municipality_id, latitude, longitude):
        """Return the municipality that `name` names, when the point lies far from it."""
        named = self.centres_by_name.get(name.casefold())
        if named is None or named.pk == municipality_id:
            return None
        distance = haversine_m(latitude, longitude, named.centre_latitude, named.centre_longitude)
        return named if distance > MISPLACED_NAME_DISTANCE_M else None

    def save_record(self, row):
        code = clean_postal_code(row.get("postal_code"))
        if not code:
            raise SkipRecord("invalid postal code %r", row.get("postal_code"))
        latitude, longitude = (
            optional_float(row.get("latitude")),
            optional_float(row.get("longitude")),
        )
        if latitude is None or longitude is None:
            raise SkipRecord("missing coordinates")
        posti = self.posti.get(code, {})
        municipality_code = (
            row.get("admin_code2") if row.get("country_code") == "AX" else row.get("admin_code3")
        )
        municipality_id = self.municipalities.for_code(
            municipality_code
        ) or self.municipalities.for_code(posti.get("municipal_code"))
        if municipality_id is None:
            logger.info("Postal code %s: no municipality with code %s", code, municipality_code)
        values = {
            "name_fi": (row.get("place_name") or "").strip(),
            "name_sv": capitalise_place_name(posti.get("postcode_sv_name")),
            "municipality_id": municipality_id,
            "latitude": latitude,
            "longitude": longitude,
        }
        if not values["name_fi"]:
            raise SkipRecord("missing place name")
        named = self.named_elsewhere(values["name_fi"], municipality_id, latitude, longitude)
        if named is not None:
            self.misplaced.add(code)
            raise SkipRecord(
                "named after %s but placed more than %s km from it (a special postal code)",
                named.name_fi,
                MISPLACED_NAME_DISTANCE_M // 1000,
            )
        _postal_code, outcome = save_object(
            PostalCode, {"code": code}, values, instance=self.existing.get(code)
        )
        return outcome


def read_posti_rows(path):
    """Return Posti's postal-code rows, or [] with a warning when the file is missing."""
    if not path or not Path(path).is_file():
        logger.warning(
            "Posti postal-code file %s not found; postal codes get no Swedish names", path
        )
        return []
    try:
        with open(path, encoding="utf-8") as handle:
            rows = json.load(handle)
    except (OSError, ValueError) as error:
        raise DataFileError(path, error) from error
    return rows if isinstance(rows, list) else []


def import_municipalities(
    data_dir, *, municipalities_file=None, postal_codes_file=None, posti_file=None, **options
):
    """Import municipalities, then postal codes, and return the two steps' ImportStats.

    All three files are read before the first save, so a DataFileError changes nothing.
    """
    data_dir = Path(data_dir)
    municipalities_file = Path(municipalities_file or data_dir / MUNICIPALITIES_FILE)
    postal_codes_file = Path(postal_codes_file or data_dir / POSTAL_CODES_FILE)
    posti_file = Path(posti_file or data_dir / POSTI_FILE)

    municipality_rows = read_csv(municipalities_file)
    posti_rows = read_posti_rows(posti_file)
    postal_code_rows = read_csv(postal_codes_file)

    municipality_importer = MunicipalityImporter(**options)
    municipality_importer.import_records(municipality_rows)
    if municipality_importer.stats.total - municipality_importer.stats.skipped:
        deactivated = municipality_importer.deactivate_missing()
        municipality_importer.stats.updated += deactivated
    municipality_stats = municipality_importer.finish()

    postal_importer = PostalCodeImporter(posti_rows, **options)
    postal_importer.import_records(postal_code_rows)
    return [municipality_stats, postal_importer.finish()]
