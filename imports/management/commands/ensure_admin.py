"""Create the first administrator account, once."""

from django.core.management.base import BaseCommand

from imports.admin_account import ADMIN_URL, ADMIN_USERNAME, ensure_superuser


class Command(BaseCommand):
    help = (
        "Create a superuser named 'admin' with a generated password when no superuser exists, and "
        "print the password once; otherwise print how to set a new password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default=ADMIN_URL, help="Address of the admin to print (default: %(default)s)."
        )

    def handle(self, *args, **options):
        for line in ensure_superuser(username=ADMIN_USERNAME, admin_url=options["url"]):
            self.stdout.write(line)
