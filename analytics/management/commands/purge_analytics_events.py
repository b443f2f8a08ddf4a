"""Delete raw analytics events older than ANALYTICS_RETENTION_MONTHS; a dry run unless --for-real."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from analytics.rollups import purge_events


class Command(BaseCommand):
    help = (
        "Delete raw analytics events older than ANALYTICS_RETENTION_MONTHS months. Daily counts are "
        "kept, so reports do not change. Only counts the events unless --for-real is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--for-real", action="store_true", help="Delete the events instead of counting them.")

    def handle(self, *args, for_real=False, **options):
        cutoff, count = purge_events(dry_run=not for_real)
        months = settings.ANALYTICS_RETENTION_MONTHS
        if for_real:
            message = gettext("Deleted %(count)s events from before %(cutoff)s (retention %(months)s months).")
            self.stdout.write(message % {"count": count, "cutoff": cutoff, "months": months})
        else:
            message = gettext(
                "Would delete %(count)s events from before %(cutoff)s (retention %(months)s months). "
                "Run again with --for-real to delete them."
            )
            self.stdout.write(message % {"count": count, "cutoff": cutoff, "months": months})
