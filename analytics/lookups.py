"""Names of the hobbies and promotions that rollups refer to by id."""

from django.apps import apps
from django.utils.translation import gettext

# Ids per query, well below the parameter limits of SQLite and PostgreSQL.
CHUNK = 1000


def hobby_names(ids):
    """Return {id: name in the active language}; a deleted hobby gets "Removed hobby #<id>"."""
    from hobbies.models import Hobby

    ids = list(ids)
    names = {}
    for start in range(0, len(ids), CHUNK):
        chunk = Hobby.objects.filter(pk__in=ids[start : start + CHUNK])
        names.update((hobby.pk, hobby.name) for hobby in chunk)
    return {hobby_id: names.get(hobby_id) or gettext("Removed hobby #%(id)s") % {"id": hobby_id} for hobby_id in ids}


def promotion_names(ids):
    """Return {id: name}; "#<id>" for every id while the promotions app is not installed.

    Promotions are referred to by plain ids, so analytics works before that app exists.
    """
    ids = list(ids)
    names = {}
    if apps.is_installed("promotions"):
        Promotion = apps.get_model("promotions", "Promotion")
        for start in range(0, len(ids), CHUNK):
            chunk = Promotion.objects.filter(pk__in=ids[start : start + CHUNK])
            names.update((promotion.pk, str(promotion)) for promotion in chunk)
    return {promotion_id: names.get(promotion_id) or f"#{promotion_id}" for promotion_id in ids}


class CachedNames:
    """A name lookup such as hobby_names that queries the database only for ids it has not seen.

    For building many reports in one language, where most names repeat between reports.
    """

    def __init__(self, lookup):
        self.lookup = lookup
        self.names = {}

    def __call__(self, ids):
        missing = [subject_id for subject_id in ids if subject_id not in self.names]
        if missing:
            self.names.update(self.lookup(missing))
        return {subject_id: self.names[subject_id] for subject_id in ids}
