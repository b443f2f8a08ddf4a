"""Names of the hobbies and promotions that rollups refer to by id."""

from django.apps import apps
from django.utils.translation import gettext


def hobby_names(ids):
    """Return {id: name in the active language}; a deleted hobby gets "Removed hobby #<id>"."""
    from hobbies.models import Hobby

    names = {hobby.pk: hobby.name for hobby in Hobby.objects.filter(pk__in=list(ids)).only("pk", "name")}
    return {hobby_id: names.get(hobby_id) or gettext("Removed hobby #%(id)s") % {"id": hobby_id} for hobby_id in ids}


def promotion_names(ids):
    """Return {id: name}; "#<id>" for every id while the promotions app is not installed.

    Promotions are referred to by plain ids, so analytics works before that app exists.
    """
    names = {}
    if apps.is_installed("promotions"):
        Promotion = apps.get_model("promotions", "Promotion")
        names = {promotion.pk: str(promotion) for promotion in Promotion.objects.filter(pk__in=list(ids))}
    return {promotion_id: names.get(promotion_id) or f"#{promotion_id}" for promotion_id in ids}
