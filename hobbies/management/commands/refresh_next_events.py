"""Move each hobby's next session forward once it has ended; run every few minutes."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from hobbies.models import Hobby
from hobbies.services import refresh_next_events, refresh_stale_next_events


class Command(BaseCommand):
    help = (
        "Point the next session of every hobby whose next session has ended at its following one. "
        "With --all, recompute the next session of every hobby."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Recompute every hobby, not only those whose next session has ended.",
        )

    def handle(self, *args, **options):
        if options["all"]:
            count = refresh_next_events(Hobby.objects.values_list("pk", flat=True))
        else:
            count = refresh_stale_next_events()
        self.stdout.write(
            gettext("Refreshed the next session of %(count)s hobbies.") % {"count": count}
        )
