"""Load the national-scale benchmark data set (JSON Lines) into our schema with bulk inserts.

The generator's docstring describes the format. Every record's string id is stored as
origin_id with data_source "bench", so `--replace` can remove a previous load without
touching other data. Categories are matched by their Finnish path,
so a database that imported the same ontology reuses its categories.
"""

import datetime as dt
import json
import logging
import time
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from hobbies.categories import rebuild_category_tree
from hobbies.models import Hobby, HobbyCategory, HobbyEvent
from hobbies.search import rebuild_search_index
from hobbies.services import refresh_next_events
from places.models import Location, Municipality
from promotions.models import Promotion
from providers.models import Provider

logger = logging.getLogger(__name__)

DATA_SOURCE = "bench"
BATCH_SIZE = 5000
KINDS = {
    "association": Provider.Kind.ASSOCIATION,
    "company": Provider.Kind.COMPANY,
    "foundation": Provider.Kind.FOUNDATION,
    "municipality": Provider.Kind.MUNICIPALITY,
}


def read_jsonl(folder, stem):
    with open(folder / f"{stem}.jsonl", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def local_fields(start, end):
    """Return the aware start and end and the Helsinki wall-clock fields of a session.

    The data set writes Helsinki time with its UTC offset, so the local date and time are
    the first characters of each string.
    """
    start_at, end_at = dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)
    return {
        "start_at": start_at,
        "end_at": end_at,
        "start_date": start_at.date(),
        "start_time": start_at.time().replace(tzinfo=None),
        "end_date": end_at.date(),
        "end_time": end_at.time().replace(tzinfo=None),
        "start_weekday": start_at.isoweekday(),
    }


class Command(BaseCommand):
    help = "Load a benchmark data set made by gen_dataset.py from DIR into the database."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The data set folder (with manifest.json).")
        parser.add_argument(
            "--replace", action="store_true", help="Delete an earlier benchmark load (data_source 'bench') first."
        )

    def step(self, message):
        now = time.monotonic()
        self.stderr.write(f"[{now - self.started:7.1f} s] {message}")

    def handle(self, *args, folder, replace, **options):
        folder = Path(folder)
        if not (folder / "manifest.json").is_file():
            raise CommandError(f"{folder} has no manifest.json: give the folder that gen_dataset.py wrote.")
        self.started = time.monotonic()
        if Hobby.objects.filter(data_source=DATA_SOURCE).exists():
            if not replace:
                raise CommandError("A benchmark data set is already loaded: add --replace to load it again.")
            self.delete_previous()

        with transaction.atomic():
            municipalities = self.load_municipalities(folder)
            categories = self.load_categories(folder)
            locations = self.load_locations(folder, municipalities)
            providers = self.load_providers(folder, municipalities)
            hobbies = self.load_hobbies(folder, municipalities, categories, locations, providers)
            self.load_sessions(folder, hobbies)
            self.load_promotions(folder, municipalities, locations, providers)

        self.step("Linking each hobby to its next session")
        refresh_next_events(list(hobbies.values()))
        self.step("Building the search index")
        terms = rebuild_search_index(batch_size=2000)
        # SQLite plans from the statistics that ANALYZE writes; without them it takes the
        # status index for every hobby query and reads all 50,000 hobbies.
        self.step("Updating the query planner's statistics")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.step(f"Done: {len(hobbies)} hobbies, {terms} search terms")

    def delete_previous(self):
        self.step("Deleting the earlier benchmark load")
        Promotion.objects.filter(provider__data_source=DATA_SOURCE).delete()
        HobbyEvent.objects.filter(hobby__data_source=DATA_SOURCE).delete()
        Hobby.objects.filter(data_source=DATA_SOURCE).delete()
        Location.objects.filter(data_source=DATA_SOURCE).delete()
        Provider.objects.filter(data_source=DATA_SOURCE).delete()

    def load_municipalities(self, folder):
        existing = dict(Municipality.objects.values_list("code", "pk"))
        new = []
        records = list(read_jsonl(folder, "municipalities"))
        for record in records:
            if record["code"] not in existing:
                new.append(
                    Municipality(
                        code=record["code"],
                        name_fi=record["name_fi"],
                        name_sv=record["name_sv"],
                        name_en=record["name_en"],
                        region_code=record["region_code"],
                        region_name_fi=record["region_fi"],
                        centre_latitude=record["lat"],
                        centre_longitude=record["lon"],
                        population=record["population"],
                    )
                )
        Municipality.objects.bulk_create(new, batch_size=BATCH_SIZE)
        by_code = dict(Municipality.objects.values_list("code", "pk"))
        self.step(f"Municipalities: {len(new)} new, {len(records) - len(new)} reused")
        return {record["id"]: by_code[record["code"]] for record in records}

    def load_categories(self, folder):
        """Return {data set id: category id}, creating the categories that are missing."""
        by_path = {}
        for category in HobbyCategory.objects.select_related("parent"):
            by_path[tuple(self.path_of(category))] = category.pk
        result = {}
        created = 0
        for record in read_jsonl(folder, "categories"):
            path = tuple(record["path_fi"])
            if path not in by_path:
                parent_id = result.get(record["parent"]) if record["parent"] else None
                category = HobbyCategory.objects.create(
                    name_fi=record["name_fi"],
                    name_sv=record["name_sv"],
                    name_en=record["name_en"],
                    yso_id=record["yso_id"] or "",
                    parent_id=parent_id,
                    data_source=DATA_SOURCE,
                    origin_id=record["id"],
                )
                by_path[path] = category.pk
                created += 1
            result[record["id"]] = by_path[path]
        rebuild_category_tree()
        self.step(f"Categories: {created} new, {len(result) - created} reused")
        return result

    @staticmethod
    def path_of(category):
        names = []
        seen = set()
        while category is not None and category.pk not in seen:
            seen.add(category.pk)
            names.append(category.name_fi)
            category = category.parent
        return reversed(names)

    def bulk_create(self, model, rows, label):
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        ids = dict(model.objects.filter(data_source=DATA_SOURCE).values_list("origin_id", "pk"))
        self.step(f"{label}: {len(rows)}")
        return ids

    def load_locations(self, folder, municipalities):
        rows = [
            Location(
                name_fi=record["name"],
                street_address_fi=record["address"],
                postal_code=record["zip_code"],
                city_fi=record["city"],
                latitude=record["lat"],
                longitude=record["lon"],
                municipality_id=municipalities[record["municipality"]],
                data_source=DATA_SOURCE,
                origin_id=record["id"],
            )
            for record in read_jsonl(folder, "locations")
        ]
        return self.bulk_create(Location, rows, "Locations")

    def load_providers(self, folder, municipalities):
        rows = [
            Provider(
                name_fi=record["name"],
                kind=KINDS.get(record["kind"], Provider.Kind.OTHER),
                municipality_id=municipalities[record["municipality"]],
                data_source=DATA_SOURCE,
                origin_id=record["id"],
            )
            for record in read_jsonl(folder, "organizers")
        ]
        return self.bulk_create(Provider, rows, "Organizers")

    def load_hobbies(self, folder, municipalities, categories, locations, providers):
        records = list(read_jsonl(folder, "hobbies"))
        rows = [
            Hobby(
                name_fi=record["name"],
                description_fi=record["description"],
                provider_id=providers[record["organizer"]],
                location_id=locations[record["location"]] if record["location"] else None,
                municipality_id=municipalities[record["municipality"]],
                price_type=record["price_type"],
                price_amount=Decimal(record["price_amount"]),
                min_age=record["min_age"],
                max_age=record["max_age"],
                status=Hobby.Status.PUBLISHED,
                data_source=DATA_SOURCE,
                origin_id=record["id"],
            )
            for record in records
        ]
        hobbies = self.bulk_create(Hobby, rows, "Hobbies")
        through = Hobby.categories.through
        links = [
            through(hobby_id=hobbies[record["id"]], hobbycategory_id=categories[category])
            for record in records
            for category in record["categories"]
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE, ignore_conflicts=True)
        self.step(f"Hobby categories: {len(links)}")
        return hobbies

    def load_sessions(self, folder, hobbies):
        batch = []
        count = 0
        for record in read_jsonl(folder, "hobby_events"):
            batch.append(
                HobbyEvent(
                    hobby_id=hobbies[record["hobby"]],
                    data_source=DATA_SOURCE,
                    origin_id=record["id"],
                    **local_fields(record["start"], record["end"]),
                )
            )
            if len(batch) >= BATCH_SIZE:
                HobbyEvent.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        HobbyEvent.objects.bulk_create(batch)
        count += len(batch)
        self.step(f"Sessions: {count}")

    def load_promotions(self, folder, municipalities, locations, providers):
        rows = []
        for record in read_jsonl(folder, "promotions"):
            rows.append(
                Promotion(
                    name_fi=record["name"],
                    description_fi=record["description"],
                    provider_id=providers[record["organizer"]],
                    location_id=locations[record["location"]],
                    municipality_id=municipalities[record["municipality"]],
                    valid_from=dt.datetime.fromisoformat(record["start"]),
                    valid_until=dt.datetime.fromisoformat(record["end"]),
                    total_quantity=record["available_count"],
                    used_count=record["used_count"],
                )
            )
        Promotion.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.step(f"Promotions: {len(rows)}")
