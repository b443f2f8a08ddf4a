"""Issue a long-lived API token for an integration and print its key once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from api.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token that acts as USERNAME and print its key. The key is not stored and cannot be shown again."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The account whose rights the token carries.")
        parser.add_argument("name", help="What the token is for, for example the integration's name.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(
                gettext("No active user has the username “%(username)s”. Create the account first.")
                % {"username": username}
            )
        token, key = ApiToken.issue(user=user, name=name)
        self.stderr.write(
            gettext("Issued token %(id)s (%(name)s) for %(username)s. Copy the key now:")
            % {"id": token.pk, "name": token.name, "username": user.username}
        )
        self.stdout.write(key)
