"""Create or update the demo data set (data_source "demo")."""

from django.core.management.base import BaseCommand

from imports.command_helpers import write_summaries
from imports.demo import generate_demo_data


class Command(BaseCommand):
    help = (
        "Create or update the demo data set: seven municipalities, a small category tree and about "
        "70 hobbies with weekly schedules in the current school year. Used when the open data folder "
        "is missing; running it again changes nothing within the same school year."
    )

    def handle(self, *args, **options):
        write_summaries(self, generate_demo_data())
