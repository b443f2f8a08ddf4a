"""Revoke an API token by its id or the start of its key."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from api.models import ApiToken


class Command(BaseCommand):
    help = "Revoke the API token with this id or key start; requests made with it then get 401."

    def add_arguments(self, parser):
        parser.add_argument("token", help="The token's id, or the first characters of its key as listed in the admin.")

    def handle(self, *args, token, **options):
        if token.isdigit():
            matches = list(ApiToken.objects.filter(pk=int(token)))
            if not matches:
                raise CommandError(gettext("No API token has the id %(id)s.") % {"id": token})
        else:
            matches = list(ApiToken.objects.filter(key_start=token[:10]))
            if len(matches) != 1:
                raise CommandError(
                    gettext("%(count)s API tokens have a key that starts with “%(start)s”. Give the token's id.")
                    % {"count": len(matches), "start": token[:10]}
                )
        matches[0].revoke()
        self.stdout.write(gettext("Revoked token %(id)s (%(name)s).") % {"id": matches[0].pk, "name": matches[0].name})
