"""Monthly snapshots of the catalogue: hobbies and providers published in each municipality.

The catalogue has no history, so a month's figures are counted while the month is on
(each rollup refreshes the current month) and frozen once it is over.
"""

import logging

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils import timezone

from hobbies.models import Hobby
from hobbies.timeutils import local_today

from .locks import SNAPSHOT_LOCK, lock_rollup
from .models import CatalogueSnapshot
from .months import Month

logger = logging.getLogger(__name__)

NATIONAL = ""


def count_published():
    """Return {municipality code or NATIONAL: (hobbies published, providers with one)}.

    A hobby belongs to its own municipality, else to its location's. Hobbies with neither
    count only nationally, and a provider counts once nationally however many
    municipalities its hobbies are in.
    """
    published = Hobby.objects.published()
    by_code = (
        published.annotate(code=Coalesce("municipality__code", "location__municipality__code"))
        .exclude(code__isnull=True)
        .values("code")
        .annotate(hobbies=Count("id"), providers=Count("provider", distinct=True))
        .order_by()
    )
    counts = {row["code"]: (row["hobbies"], row["providers"]) for row in by_code}
    national = published.aggregate(hobbies=Count("id"), providers=Count("provider", distinct=True))
    counts[NATIONAL] = (national["hobbies"], national["providers"])
    return counts


@transaction.atomic
def take_catalogue_snapshot(month, *, now=None):
    """Store the catalogue figures of `month`; return True when stored.

    The current month is overwritten on every call, so its last snapshot is from its last
    day. A past month is stored only when it has none yet, and a future month never.
    """
    now = now or timezone.now()
    current = Month.of(local_today(now))
    if month > current:
        return False
    lock_rollup(SNAPSHOT_LOCK, month.first_day)
    existing = CatalogueSnapshot.objects.filter(month=month.first_day)
    if month < current and existing.exists():
        return False
    existing.delete()
    CatalogueSnapshot.objects.bulk_create(
        CatalogueSnapshot(
            month=month.first_day,
            municipality_code=code,
            hobbies_published=hobbies,
            providers_published=providers,
            taken_at=now,
        )
        for code, (hobbies, providers) in count_published().items()
    )
    logger.info("Took the catalogue snapshot of %s", month)
    return True


def catalogue_counts(month, *, now=None):
    """Return {municipality code or NATIONAL: (hobbies, providers, counted at)} for `month`.

    The current month is counted live and not stored, because the rollup stores it. A past
    month comes from its snapshot; without one (a month before the service started) it has
    no figures, because today's catalogue does not describe that month. A future month has
    none either. A municipality without published hobbies is missing from the result.
    """
    now = now or timezone.now()
    current = Month.of(local_today(now))
    if month > current:
        return {}
    if month == current:
        return {code: (hobbies, providers, now) for code, (hobbies, providers) in count_published().items()}
    return {
        snapshot.municipality_code: (snapshot.hobbies_published, snapshot.providers_published, snapshot.taken_at)
        for snapshot in CatalogueSnapshot.objects.filter(month=month.first_day)
    }
