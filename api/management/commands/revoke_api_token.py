"""Revoke an API token by its id or the start of its key."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from api.models import ApiToken


class Command(BaseCommand):
    help = "Revoke the API token with this id or key start; requests made with it then get 401."

    def add_arguments(self, parser):
        parser.add_argument("token", help="The token's id, or the first characters of its key as listed in the admin.")

    def handle(self, *args, token, **options):
        condition = Q(key_start=token[:10]) if not token.isdigit() else Q(pk=int(token))
        matches = list(ApiToken.objects.filter(condition))
        if len(matches) != 1:
            raise CommandError(f"{len(matches)} tokens match {token!r}: give the token's id instead.")
        matches[0].revoke()
        self.stdout.write(f"Revoked token {matches[0].pk} ({matches[0].name}).")
