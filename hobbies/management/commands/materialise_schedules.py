"""Extend the sessions of every weekly schedule to the horizon; run daily."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from hobbies.schedules import materialise_all


class Command(BaseCommand):
    help = (
        "Create the sessions of every weekly schedule from today to SCHEDULE_HORIZON_DAYS ahead, so "
        "that the window keeps rolling. Run daily; past sessions are never changed."
    )

    def handle(self, *args, **options):
        result = materialise_all()
        self.stdout.write(
            gettext(
                "Sessions: %(created)s created, %(updated)s updated, %(deleted)s deleted, %(unchanged)s unchanged"
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "deleted": result.deleted,
                "unchanged": result.unchanged,
            }
        )
        if result.failed:
            # The other schedules were extended. The exit status lets cron report those that were not.
            raise CommandError(
                gettext("%(count)s schedules could not be extended; the log names them.") % {"count": result.failed}
            )
