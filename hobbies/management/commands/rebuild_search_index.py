"""Rewrite the search terms of every hobby.

Run it after an import or a bulk change that bypassed the hobby services, and after
renaming categories: the services keep the index current for single changes.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from hobbies.search import rebuild_search_index


class Command(BaseCommand):
    help = "Rewrite the search index (HobbySearchTerm) of every hobby."

    def handle(self, *args, **options):
        written = rebuild_search_index(
            progress=lambda done, total: self.stderr.write(
                gettext("%(done)s/%(total)s hobbies indexed") % {"done": done, "total": total}, ending="\r"
            )
        )
        self.stderr.write("")
        self.stdout.write(gettext("Wrote %(count)s search terms.") % {"count": written})
