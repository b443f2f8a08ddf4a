"""A demo data set that the project makes itself, for machines without the real open data.

It contains seven real municipalities, with codes, names and centre points from Statistics
Finland's list and GeoNames. Around them it builds a small category tree in fi/sv/en,
providers of every kind, locations with coordinates near each centre, and about 70
hobbies for 12-16-year-olds with weekly schedules in the current school year. A fixed
random seed makes the data the same on every run. The records are keyed on (data_source
"demo", origin_id) like imported ones, so a re-run in the same school year changes nothing.
"""

import datetime as dt
import logging
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hobbies.categories import rebuild_category_tree
from hobbies.models import Hobby, HobbyCategory
from hobbies.timeutils import school_year_start
from places.models import Location, Municipality
from providers.models import Provider

from .framework import Importer, Outcome, combine, save_object
from .hobby_writer import HobbyData, HobbyWriter, RuleData

logger = logging.getLogger(__name__)

DATA_SOURCE = "demo"
RANDOM_SEED = 20260801
HOBBIES_PER_MUNICIPALITY = 10


@dataclass(frozen=True)
class DemoMunicipality:
    code: str
    name_fi: str
    name_sv: str
    genitive_fi: str  # "Helsingin", for names such as "Helsingin nuorisopalvelut"
    region_code: str
    region_fi: str
    region_sv: str
    region_en: str
    latitude: float
    longitude: float
    postal_code: str


MUNICIPALITIES = [
    DemoMunicipality(
        "091",
        "Helsinki",
        "Helsingfors",
        "Helsingin",
        "01",
        "Uusimaa",
        "Nyland",
        "Uusimaa",
        60.1714,
        24.9316,
        "00100",
    ),
    DemoMunicipality(
        "049",
        "Espoo",
        "Esbo",
        "Espoon",
        "01",
        "Uusimaa",
        "Nyland",
        "Uusimaa",
        60.1703,
        24.8086,
        "02100",
    ),
    DemoMunicipality(
        "092",
        "Vantaa",
        "Vanda",
        "Vantaan",
        "01",
        "Uusimaa",
        "Nyland",
        "Uusimaa",
        60.2805,
        25.1253,
        "01200",
    ),
    DemoMunicipality(
        "837",
        "Tampere",
        "Tammerfors",
        "Tampereen",
        "06",
        "Pirkanmaa",
        "Birkaland",
        "Pirkanmaa",
        61.4942,
        23.7817,
        "33100",
    ),
    DemoMunicipality(
        "853",
        "Turku",
        "Åbo",
        "Turun",
        "02",
        "Varsinais-Suomi",
        "Egentliga Finland",
        "Southwest Finland",
        60.4475,
        22.2261,
        "20200",
    ),
    DemoMunicipality(
        "564",
        "Oulu",
        "Uleåborg",
        "Oulun",
        "17",
        "Pohjois-Pohjanmaa",
        "Norra Österbotten",
        "North Ostrobothnia",
        65.0121,
        25.4722,
        "90100",
    ),
    DemoMunicipality(
        "179",
        "Jyväskylä",
        "Jyväskylä",
        "Jyväskylän",
        "13",
        "Keski-Suomi",
        "Mellersta Finland",
        "Central Finland",
        62.2427,
        25.7517,
        "40100",
    ),
]

# key: (fi, sv, en, YSO id, parent key)
CATEGORIES = {
    "sports": ("Urheilu ja liikunta", "Idrott och motion", "Sports and exercise", "p916", None),
    "ball-games": ("Palloilu", "Bollsport", "Ball games", "p1930", "sports"),
    "football": ("Jalkapallo", "Fotboll", "Football", "p6409", "ball-games"),
    "floorball": ("Salibandy", "Innebandy", "Floorball", "p16555", "ball-games"),
    "basketball": ("Koripallo", "Basket", "Basketball", "p8781", "ball-games"),
    "martial-arts": ("Kamppailulajit", "Kampsporter", "Martial arts", "p6854", "sports"),
    "climbing": ("Kiipeily", "Klättring", "Climbing", "p14139", "sports"),
    "swimming": ("Uinti", "Simning", "Swimming", "p4330", "sports"),
    "culture": ("Kulttuuri", "Kultur", "Culture", "p372", None),
    "dance": ("Tanssi", "Dans", "Dance", "p1278", "culture"),
    "theatre": ("Teatteri", "Teater", "Theatre", "p2625", "culture"),
    "music": ("Musiikki", "Musik", "Music", "p1808", None),
    "playing": ("Soittaminen", "Musicerande", "Playing an instrument", "p1743", "music"),
    "singing": ("Laulaminen", "Sång", "Singing", "p2428", "music"),
    "visual-arts": ("Kuvataide", "Bildkonst", "Visual arts", "p2739", None),
    "handicraft": ("Käsityö", "Handarbete", "Handicraft", "p485", None),
    "technology": ("Tietotekniikka", "Datateknik", "Information technology", "p5462", None),
    "programming": ("Ohjelmointi", "Programmering", "Programming", "p4887", "technology"),
    "gaming": ("Tietokonepelit", "Datorspel", "Computer games", "p3453", "technology"),
    "nature": ("Luonto ja eläimet", "Natur och djur", "Nature and animals", "", None),
    "scouting": ("Partio", "Scouting", "Scouting", "p14657", "nature"),
}


@dataclass(frozen=True)
class Activity:
    key: str
    category: str
    name: tuple  # fi, sv, en
    description: tuple  # fi, sv, en
    provider_kind: str
    price: tuple  # (price type, amount)
    minutes: int


ACTIVITIES = [
    Activity(
        "football",
        "football",
        (
            "Jalkapallo yläkoululaisille",
            "Fotboll för högstadieelever",
            "Football for lower-secondary pupils",
        ),
        (
            "Harjoittelemme syöttöjä, laukauksia ja pelikäsitystä, ja jokainen harjoitus päättyy peliin. Taso ei ratkaise: mukaan pääsee myös aloittelija.",
            "Vi tränar passningar, skott och spelförståelse, och varje träning slutar med match. Nivån spelar ingen roll: också nybörjare är välkomna.",
            "We practise passing, shooting and reading the game, and every session ends with a match. Beginners are welcome too.",
        ),
        Provider.Kind.ASSOCIATION,
        (Hobby.PriceType.SEASONAL, "90.00"),
        90,
    ),
    Activity(
        "floorball",
        "floorball",
        ("Salibandyn harrasteryhmä", "Innebandy för alla", "Floorball for fun"),
        (
            "Rento salibandyryhmä, jossa ei pelata sarjaa. Mailoja saa lainaksi, omat sisäpelikengät mukaan.",
            "En avslappnad innebandygrupp som inte spelar i serie. Klubbor kan lånas, ta med egna inneskor.",
            "A relaxed floorball group that plays no league games. Sticks can be borrowed; bring your own indoor shoes.",
        ),
        Provider.Kind.MUNICIPALITY,
        (Hobby.PriceType.FREE, "0.00"),
        75,
    ),
    Activity(
        "basketball",
        "basketball",
        ("Koripallokoulu", "Basketskola", "Basketball school"),
        (
            "Opettelemme kuljetusta, heittoja ja joukkuepeliä pienryhmissä. Valmentajat ovat koulutettuja nuoria aikuisia.",
            "Vi lär oss dribbling, skott och lagspel i små grupper. Tränarna är utbildade unga vuxna.",
            "We learn dribbling, shooting and team play in small groups with trained young coaches.",
        ),
        Provider.Kind.ASSOCIATION,
        (Hobby.PriceType.ANNUAL, "180.00"),
        90,
    ),
    Activity(
        "judo",
        "martial-arts",
        ("Judon alkeet", "Judo för nybörjare", "Judo for beginners"),
        (
            "Judossa opitaan kaatumaan turvallisesti, heittoja ja kunnioitusta harjoituskaveria kohtaan. Judopuvun voi lainata ensimmäiselle kuukaudelle.",
            "I judo lär man sig att falla säkert, kast och respekt för träningskamraten. En judodräkt kan lånas den första månaden.",
            "Judo teaches you to fall safely, to throw and to respect your training partner. A judo suit can be borrowed for the first month.",
        ),
        Provider.Kind.ASSOCIATION,
        (Hobby.PriceType.SEASONAL, "75.00"),
        60,
    ),
    Activity(
        "climbing",
        "climbing",
        ("Nuorten kiipeilyryhmä", "Klättring för unga", "Climbing for young people"),
        (
            "Boulderointia ja köysikiipeilyä ohjaajan kanssa. Kengät ja valjaat sisältyvät hintaan.",
            "Bouldering och repklättring med instruktör. Skor och sele ingår i priset.",
            "Bouldering and rope climbing with an instructor. Shoes and harness are included in the price.",
        ),
        Provider.Kind.COMPANY,
        (Hobby.PriceType.PAID, "12.50"),
        90,
    ),
    Activity(
        "swimming",
        "swimming",
        ("Uintitekniikkaryhmä", "Simteknik", "Swimming technique"),
        (
            "Parannamme vapaauinnin ja selkäuinnin tekniikkaa. Sopii kaikille, jotka uivat jo 25 metriä.",
            "Vi förbättrar tekniken i crawl och ryggsim. Passar alla som redan simmar 25 meter.",
            "We improve front crawl and backstroke technique. For everyone who can already swim 25 metres.",
        ),
        Provider.Kind.MUNICIPALITY,
        (Hobby.PriceType.ONE_TIME, "20.00"),
        60,
    ),
    Activity(
        "street-dance",
        "dance",
        ("Katutanssi", "Streetdance", "Street dance"),
        (
            "Hip hopia ja breakdancea nuorisotalolla. Opettelemme koreografian, jonka esitämme kevätjuhlassa.",
            "Hiphop och breakdance på ungdomsgården. Vi lär oss en koreografi som vi framför på vårfesten.",
            "Hip hop and breaking at the youth centre. We learn a routine to perform at the spring show.",
        ),
        Provider.Kind.MUNICIPALITY,
        (Hobby.PriceType.FREE, "0.00"),
        60,
    ),
    Activity(
        "theatre",
        "theatre",
        ("Nuorten teatteriryhmä", "Ungdomsteater", "Youth theatre group"),
        (
            "Improa, ääni- ja liikeharjoituksia sekä oma esitys kevään lopussa. Kokemusta ei tarvita.",
            "Improvisation, röst- och rörelseövningar och en egen föreställning i slutet av våren. Ingen erfarenhet behövs.",
            "Improvisation, voice and movement exercises, and a show of our own at the end of spring. No experience needed.",
        ),
        Provider.Kind.FOUNDATION,
        (Hobby.PriceType.SEASONAL, "60.00"),
        120,
    ),
    Activity(
        "band",
        "playing",
        ("Bändikoulu", "Bandskola", "Band school"),
        (
            "Soitetaan yhdessä bändinä: rummut, kitara, basso, koskettimet ja laulu. Soittimet löytyvät treenikämpältä.",
            "Vi spelar tillsammans i band: trummor, gitarr, bas, keyboard och sång. Instrumenten finns i replokalen.",
            "We play together as a band: drums, guitar, bass, keyboards and vocals. The rehearsal room has the instruments.",
        ),
        Provider.Kind.MUNICIPALITY,
        (Hobby.PriceType.FREE, "0.00"),
        90,
    ),
    Activity(
        "choir",
        "singing",
        ("Nuorisokuoro", "Ungdomskör", "Youth choir"),
        (
            "Laulamme pop- ja kuorokappaleita moniäänisesti. Syksyllä konsertti, keväällä kuoroleiri.",
            "Vi sjunger pop och körsånger i stämmor. Konsert på hösten och körläger på våren.",
            "We sing pop and choral songs in parts, with a concert in autumn and a choir camp in spring.",
        ),
        Provider.Kind.OTHER,
        (Hobby.PriceType.FREE, "0.00"),
        75,
    ),
    Activity(
        "painting",
        "visual-arts",
        ("Kuvataidekerho", "Bildkonstklubb", "Art club"),
        (
            "Piirrämme, maalaamme ja kokeilemme grafiikkaa. Materiaalit sisältyvät kausimaksuun.",
            "Vi tecknar, målar och provar på grafik. Materialen ingår i terminsavgiften.",
            "We draw, paint and try printmaking. Materials are included in the term fee.",
        ),
        Provider.Kind.FOUNDATION,
        (Hobby.PriceType.SEASONAL, "45.00"),
        90,
    ),
    Activity(
        "crafts",
        "handicraft",
        ("Käsityöpaja", "Hantverksverkstad", "Craft workshop"),
        (
            "Ommellaan, neulotaan ja tehdään puutöitä omien ideoiden mukaan. Materiaalimaksu peritään käytön mukaan.",
            "Vi syr, stickar och snickrar efter egna idéer. Materialavgiften tas ut enligt förbrukning.",
            "Sew, knit and work with wood on your own ideas. Materials are charged by use.",
        ),
        Provider.Kind.MUNICIPALITY,
        (Hobby.PriceType.PAID, "5.00"),
        120,
    ),
    Activity(
        "coding",
        "programming",
        ("Koodikerho", "Kodklubb", "Coding club"),
        (
            "Teemme pelejä ja verkkosivuja Pythonilla ja JavaScriptillä. Koneet ovat valmiina, oman läppärin saa tuoda.",
            "Vi gör spel och webbsidor med Python och JavaScript. Datorerna finns på plats, men du får ta med din egen.",
            "We build games and web pages in Python and JavaScript. Computers are provided, or bring your own laptop.",
        ),
        Provider.Kind.COMPANY,
        (Hobby.PriceType.SEASONAL, "95.00"),
        90,
    ),
    Activity(
        "esports",
        "gaming",
        ("E-urheiluryhmä", "E-sport", "Esports group"),
        (
            "Pelataan joukkueena, harjoitellaan kommunikaatiota ja puhutaan myös terveellisistä pelitavoista.",
            "Vi spelar i lag, övar kommunikation och pratar om sunda spelvanor.",
            "We play as a team, practise communication and talk about healthy gaming habits.",
        ),
        Provider.Kind.MUNICIPALITY,
        (Hobby.PriceType.FREE, "0.00"),
        90,
    ),
    Activity(
        "scouts",
        "scouting",
        (
            "Partio yläkoululaisille",
            "Scouting för högstadieelever",
            "Scouts for lower-secondary pupils",
        ),
        (
            "Viikkokokouksissa opitaan retkeilyä, ensiapua ja solmuja. Keväällä lähdetään yhteiselle vaellukselle.",
            "På veckomötena lär vi oss friluftsliv, första hjälpen och knopar. På våren gör vi en gemensam vandring.",
            "Weekly meetings teach hiking, first aid and knots, and in spring we go on a trek together.",
        ),
        Provider.Kind.ASSOCIATION,
        (Hobby.PriceType.ANNUAL, "40.00"),
        90,
    ),
]

# Providers per municipality by kind: (fi pattern, sv pattern, en pattern) with {genitive}
# standing for the Finnish genitive and {name_sv} for the Swedish name of the municipality.
PROVIDER_NAMES = {
    Provider.Kind.MUNICIPALITY: (
        "{genitive} nuorisopalvelut",
        "Ungdomstjänster i {name_sv}",
        "{name_en} Youth Services",
    ),
    Provider.Kind.ASSOCIATION: (
        "{genitive} Nuorisoliikunta ry",
        "{genitive} Nuorisoliikunta ry",
        "{genitive} Nuorisoliikunta ry",
    ),
    Provider.Kind.COMPANY: (
        "Harrastusverstas {name_fi} Oy",
        "Harrastusverstas {name_fi} Oy",
        "Harrastusverstas {name_fi} Oy",
    ),
    Provider.Kind.FOUNDATION: (
        "{genitive} Taidekoulusäätiö",
        "{genitive} Taidekoulusäätiö",
        "{genitive} Taidekoulusäätiö",
    ),
    Provider.Kind.OTHER: (
        "{genitive} seurakuntien nuorisotyö",
        "Församlingarnas ungdomsarbete i {name_sv}",
        "{name_en} parish youth work",
    ),
}

# Locations per municipality: (key, fi name pattern, sv name pattern, street, degrees north and
# east of the municipality centre).
LOCATIONS = [
    (
        "youth-centre",
        "{genitive} keskustan nuorisotalo",
        "Ungdomsgården i {name_sv} centrum",
        "Nuortentie 4",
        0.004,
        -0.006,
    ),
    (
        "sports-hall",
        "{genitive} urheiluhalli",
        "Idrottshallen i {name_sv}",
        "Urheilutie 12",
        -0.012,
        0.015,
    ),
    ("school", "{genitive} yhteiskoulu", "Samskolan i {name_sv}", "Koulukatu 7", 0.009, 0.011),
]
ACTIVITY_LOCATIONS = {
    Provider.Kind.MUNICIPALITY: "youth-centre",
    Provider.Kind.ASSOCIATION: "sports-hall",
    Provider.Kind.COMPANY: "sports-hall",
    Provider.Kind.FOUNDATION: "school",
    Provider.Kind.OTHER: "school",
}
EXTRA_LANGUAGES = ["sv", "en", "ar", "so", "ru", "et"]
START_TIMES = [
    dt.time(15, 0),
    dt.time(15, 30),
    dt.time(16, 0),
    dt.time(16, 30),
    dt.time(17, 0),
    dt.time(17, 30),
    dt.time(18, 0),
    dt.time(18, 30),
]


def school_year_dates(today):
    """Return (first date, last date, holiday dates) of the autumn-to-spring season containing `today`.

    The season runs from the second Monday of August to 31 May; the Christmas holiday
    from 22 December to 6 January has no sessions.
    """
    start = school_year_start(today)
    first = start + dt.timedelta(days=(7 - start.weekday()) % 7 + 7)
    last = dt.date(start.year + 1, 5, 31)
    holiday_start = dt.date(start.year, 12, 22)
    holidays = tuple(holiday_start + dt.timedelta(days=offset) for offset in range(16))
    return first, last, holidays


class DemoDataGenerator(Importer):
    data_source = DATA_SOURCE
    label = _("Demo data")

    def __init__(self, **options):
        super().__init__(**options)
        self.writer = HobbyWriter(shift_dates=False, today=self.today, now=self.now)
        self.random = random.Random(RANDOM_SEED)

    def record_id(self, record):
        return record[0]

    def save_record(self, record):
        _origin_id, save = record
        return save()

    def generate(self):
        """Create or update the whole demo data set; return the ImportStats."""
        municipality_ids = {}
        category_ids = {}
        for municipality in MUNICIPALITIES:
            self.import_record(
                (
                    municipality.code,
                    lambda m=municipality: self.save_municipality(m, municipality_ids),
                )
            )
        for key in CATEGORIES:
            self.import_record(
                (f"category-{key}", lambda k=key: self.save_category(k, category_ids))
            )
        rebuild_category_tree()
        for municipality in MUNICIPALITIES:
            if municipality.code not in municipality_ids:
                continue
            activities = self.random.sample(ACTIVITIES, HOBBIES_PER_MUNICIPALITY)
            for number, activity in enumerate(activities, start=1):
                plan = self.plan_hobby(municipality, activity, number)
                self.import_record(
                    (
                        plan["origin_id"],
                        lambda p=plan, m=municipality: self.save_hobby(
                            p, m, municipality_ids, category_ids
                        ),
                    )
                )
        return self.finish()

    def save_municipality(self, municipality, municipality_ids):
        values = {
            "name_fi": municipality.name_fi,
            "name_sv": municipality.name_sv,
            "name_en": municipality.name_fi,
            "region_code": municipality.region_code,
            "region_name_fi": municipality.region_fi,
            "region_name_sv": municipality.region_sv,
            "region_name_en": municipality.region_en,
            "centre_latitude": municipality.latitude,
            "centre_longitude": municipality.longitude,
            "is_active": True,
        }
        instance, outcome = save_object(Municipality, {"code": municipality.code}, values)
        municipality_ids[municipality.code] = instance.pk
        return outcome

    def save_category(self, key, category_ids):
        name_fi, name_sv, name_en, yso_id, parent_key = CATEGORIES[key]
        values = {
            "name_fi": name_fi,
            "name_sv": name_sv,
            "name_en": name_en,
            "yso_id": yso_id,
            "parent_id": category_ids.get(parent_key) if parent_key else None,
        }
        instance, outcome = save_object(
            HobbyCategory, {"data_source": DATA_SOURCE, "origin_id": f"category-{key}"}, values
        )
        category_ids[key] = instance.pk
        return outcome

    def plan_hobby(self, municipality, activity, number):
        """Draw the random parts of one hobby: ages, weekdays, time and languages."""
        min_age = self.random.choice([10, 11, 12, 13])
        max_age = self.random.choice([15, 16, 17, 18])
        weekdays = sorted(self.random.sample(range(1, 6), self.random.choice([1, 1, 2])))
        start_time = self.random.choice(START_TIMES)
        languages = ["fi"]
        if self.random.random() < 0.4:
            languages.append(self.random.choice(EXTRA_LANGUAGES))
        return {
            "origin_id": f"hobby-{municipality.code}-{number:02d}",
            "activity": activity,
            "min_age": min_age,
            "max_age": max_age,
            "weekdays": weekdays,
            "start_time": start_time,
            "languages": languages,
        }

    def save_hobby(self, plan, municipality, municipality_ids, category_ids):
        activity = plan["activity"]
        municipality_id = municipality_ids[municipality.code]
        provider, provider_outcome = self.save_provider(
            municipality, activity.provider_kind, municipality_id
        )
        location, location_outcome = self.save_location(
            municipality, ACTIVITY_LOCATIONS[activity.provider_kind], municipality_id, provider
        )

        first, last, holidays = school_year_dates(self.today)
        start = plan["start_time"]
        end = (dt.datetime.combine(first, start) + dt.timedelta(minutes=activity.minutes)).time()
        price_type, amount = activity.price
        name_fi, name_sv, name_en = activity.name
        description_fi, description_sv, description_en = activity.description
        values = {
            "name_fi": f"{name_fi}, {municipality.name_fi}",
            "name_sv": f"{name_sv}, {municipality.name_sv}",
            "name_en": f"{name_en}, {municipality.name_fi}",
            "description_fi": description_fi,
            "description_sv": description_sv,
            "description_en": description_en,
            "short_description_fi": description_fi.split(". ")[0].rstrip(".") + ".",
            "short_description_sv": description_sv.split(". ")[0].rstrip(".") + ".",
            "short_description_en": description_en.split(". ")[0].rstrip(".") + ".",
            "provider_id": provider.pk,
            "location_id": location.pk,
            "municipality_id": municipality_id,
            "price_type": price_type,
            "price_amount": Decimal(amount),
            "min_age": plan["min_age"],
            "max_age": plan["max_age"],
            "status": Hobby.Status.PUBLISHED,
        }
        rule = RuleData(
            origin_id=plan["origin_id"],
            weekdays=tuple(plan["weekdays"]),
            start_time=start,
            end_time=end,
            first_date=first,
            last_date=last,
            exception_dates=tuple(day for day in holidays if day.isoweekday() in plan["weekdays"]),
        )
        data = HobbyData(
            data_source=DATA_SOURCE,
            origin_id=plan["origin_id"],
            values=values,
            category_ids=[category_ids[activity.category]]
            if activity.category in category_ids
            else [],
            language_codes=plan["languages"],
            rules=[rule],
        )
        return combine(self.writer.save(data), provider_outcome, location_outcome)

    def save_provider(self, municipality, kind, municipality_id):
        key = ("provider", municipality.code, kind)
        if self.is_remembered(key):
            return self.recall(key), Outcome.UNCHANGED
        patterns = PROVIDER_NAMES[kind]
        names = {
            "genitive": municipality.genitive_fi,
            "name_fi": municipality.name_fi,
            "name_sv": municipality.name_sv,
            "name_en": municipality.name_fi,
        }
        values = {
            "name_fi": patterns[0].format(**names),
            "name_sv": patterns[1].format(**names),
            "name_en": patterns[2].format(**names),
            "kind": kind,
            "municipality_id": municipality_id,
            "city": municipality.name_fi,
            "postal_code": municipality.postal_code,
        }
        provider, outcome = save_object(
            Provider,
            {"data_source": DATA_SOURCE, "origin_id": f"provider-{municipality.code}-{kind}"},
            values,
        )
        self.remember(key, provider)
        return provider, outcome

    def save_location(self, municipality, location_key, municipality_id, provider):
        key = ("location", municipality.code, location_key)
        if self.is_remembered(key):
            return self.recall(key), Outcome.UNCHANGED
        _key, name_fi, name_sv, street, north, east = next(
            item for item in LOCATIONS if item[0] == location_key
        )
        names = {"genitive": municipality.genitive_fi, "name_sv": municipality.name_sv}
        values = {
            "name_fi": name_fi.format(**names),
            "name_sv": name_sv.format(**names),
            "street_address_fi": street,
            "postal_code": municipality.postal_code,
            "city_fi": municipality.name_fi,
            "city_sv": municipality.name_sv,
            "latitude": round(municipality.latitude + north, 6),
            "longitude": round(municipality.longitude + east, 6),
            "municipality_id": municipality_id,
        }
        location, outcome = save_object(
            Location,
            {
                "data_source": DATA_SOURCE,
                "origin_id": f"location-{municipality.code}-{location_key}",
            },
            values,
        )
        self.remember(key, location)
        return location, outcome


def generate_demo_data(**options):
    return [DemoDataGenerator(**options).generate()]


def remove_demo_data():
    """Delete the demo hobbies, providers and locations, and the demo categories that no
    other hobby uses. Return the number of rows deleted per model label.

    import_all calls this once the open data folder exists, so that made-up providers do not
    stay among the real ones.
    """
    deleted = {}
    with transaction.atomic():
        for model in (Hobby, Provider, Location):
            _count, per_model = model.objects.filter(data_source=DATA_SOURCE).delete()
            for label, count in per_model.items():
                deleted[label] = deleted.get(label, 0) + count
        parents = dict(HobbyCategory.objects.values_list("pk", "parent_id"))

        def depth(pk):
            levels = 0
            while parents.get(pk):
                pk = parents[pk]
                levels += 1
            return levels

        unused = HobbyCategory.objects.filter(data_source=DATA_SOURCE, hobbies__isnull=True)
        # Children first, because a category's parent link protects it from deletion.
        for pk in sorted(unused.values_list("pk", flat=True).distinct(), key=depth, reverse=True):
            if not HobbyCategory.objects.filter(parent_id=pk).exists():
                HobbyCategory.objects.filter(pk=pk).delete()
                deleted[HobbyCategory._meta.label] = deleted.get(HobbyCategory._meta.label, 0) + 1
        rebuild_category_tree()
    if deleted:
        logger.info("Removed the demo data: %s", deleted)
    return deleted
