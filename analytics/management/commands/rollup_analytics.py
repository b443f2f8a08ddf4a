"""Roll raw analytics events up into daily counts; run it daily (or more often) from cron."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from analytics.rollups import roll_up


def parse_day(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(gettext("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value}) from None


class Command(BaseCommand):
    help = (
        "Recompute the daily counts of every day that may have new events (the week before the "
        "previous run through today), or of the days given, and update the catalogue snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first_day", type=parse_day, help="First day to recompute (YYYY-MM-DD).")
        parser.add_argument("--to", dest="last_day", type=parse_day, help="Last day to recompute (YYYY-MM-DD).")
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.ANALYTICS_ROLLUP_WORKERS,
            help="Days rolled up at once on PostgreSQL, each on its own connection (default: ANALYTICS_ROLLUP_WORKERS).",
        )

    def handle(self, *args, first_day=None, last_day=None, workers=1, **options):
        if workers < 1:
            raise CommandError(gettext("--workers must be at least 1, not %(workers)s.") % {"workers": workers})
        if (first_day is None) != (last_day is None):
            raise CommandError(gettext("Give both --from and --to, or neither."))
        if first_day and last_day < first_day:
            raise CommandError(
                gettext("--to %(last_day)s is before --from %(first_day)s.") % {"last_day": last_day, "first_day": first_day}
            )
        verbose = options["verbosity"] > 1
        run = roll_up(
            first_day=first_day,
            last_day=last_day,
            progress=(lambda day: self.stdout.write(gettext("Rolled up %(day)s") % {"day": day})) if verbose else None,
            workers=workers,
        )
        self.stdout.write(
            gettext("Rolled up %(count)s events from %(first_day)s to %(last_day)s.")
            % {"count": run.event_count, "first_day": run.first_day, "last_day": run.last_day}
        )
