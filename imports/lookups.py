"""In-memory indexes of municipalities, postal codes and categories, loaded once per run.

The hobby importers resolve thousands of references ("cityCode 249", "00250", "yso:p1278",
"Kamppailulajit"); one query per index keeps that from becoming one query per record.
"""

import logging
import re

from hobbies.models import HobbyCategory
from places.models import Municipality, PostalCode

logger = logging.getLogger(__name__)


def name_key(value):
    """Return a comparison key for a place or category name: case-folded letters and digits only."""
    return re.sub(r"[\W_]+", "", str(value or "").casefold())


class MunicipalityIndex:
    """Municipality ids by code, by Finnish or Swedish name, and by postal code."""

    def __init__(self):
        self.by_code = {}
        self.by_name = {}
        for municipality_id, code, name_fi, name_sv in Municipality.objects.values_list(
            "id", "code", "name_fi", "name_sv"
        ):
            self.by_code[code] = municipality_id
            for name in (name_fi, name_sv):
                if name:
                    self.by_name.setdefault(name_key(name), municipality_id)
        self.by_postal_code = dict(
            PostalCode.objects.exclude(municipality=None).values_list("code", "municipality_id")
        )

    def for_code(self, code):
        """Return the municipality id for a code such as "091", 91 or "91"."""
        if code is None or code == "":
            return None
        try:
            return self.by_code.get(f"{int(code):03d}")
        except (TypeError, ValueError):
            return None

    def for_name(self, name):
        return self.by_name.get(name_key(name)) if name else None

    def for_postal_code(self, postal_code):
        return self.by_postal_code.get(str(postal_code or "").strip())

    def for_division(self, ocd_id):
        """Return the municipality of an OCD division id such as "ocd-division/country:fi/kunta:espoo"."""
        match = re.search(r"/kunta:([^/]+)", ocd_id or "")
        return self.for_name(match.group(1)) if match else None

    def resolve(self, *, code=None, postal_code=None, name=None):
        """Return the first municipality found by code, then postal code, then name."""
        return self.for_code(code) or self.for_postal_code(postal_code) or self.for_name(name)


class CategoryIndex:
    """Category ids by YSO id and by Finnish name."""

    def __init__(self):
        self.by_yso = {}
        self.by_name = {}
        for category_id, yso_id, name_fi in HobbyCategory.objects.order_by(
            "sort_key", "id"
        ).values_list("id", "yso_id", "name_fi"):
            if yso_id:
                self.by_yso.setdefault(yso_id, []).append(category_id)
            if name_fi:
                self.by_name.setdefault(name_key(name_fi), category_id)
        self.missing_names = set()

    def for_yso(self, yso_id):
        """Return the category ids of a YSO id such as "p1278" or "yso:p1278"."""
        yso_id = str(yso_id or "").removeprefix("yso:")
        return list(self.by_yso.get(yso_id, []))

    def for_name(self, name):
        """Return the id of the category with this Finnish name (case-insensitive), or None."""
        category_id = self.by_name.get(name_key(name))
        if category_id is None and name and name not in self.missing_names:
            self.missing_names.add(name)
            logger.info("No category is named %s", name)
        return category_id
