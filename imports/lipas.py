"""Import of LIPAS sports places as locations, with hobby categories from their place type.

LIPAS (Jyväskylä University's national register of sports places, legacy API v1) gives
each place a type such as 1340 "Pallokenttä". The type becomes the location's place_type
(its Finnish name) and its categories. Locations are keyed on sportsPlaceId.

Type to category: LIPAS 2025 type data links some types, sub-categories and main
categories to ontology URLs (http://www.yso.fi/onto/koko/pNNNN), and a KOKO concept usually
has the number of the YSO concept it extends. None of those numbers match a YSO id in the
Harrastuspassi ontology, so TYPE_CATEGORIES below maps every type that suits a hobby to
ontology categories by their Finnish names. The KOKO link and then a type name equal to a
category name ("Ratagolf") still apply to types that the table leaves out.
"""

import json
import logging
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from places.models import Location

from .framework import Importer, Outcome, SkipRecord, combine, save_object, set_related
from .lookups import CategoryIndex, MunicipalityIndex, name_key
from .parsing import capitalise_place_name, clean_postal_code, clean_text, clean_url, parse_point

logger = logging.getLogger(__name__)

DATA_SOURCE = "lipas"
SPORTS_PLACES_FILE = Path("lipas/sports-places-1000.json")
TYPE_NAMES_FILE = Path("lipas/type_codes_fi_sv_en.json")

# LIPAS type code: Finnish names of the ontology categories that the place suits.
TYPE_CATEGORIES = {
    # Recreation areas, nature sites and hiking services
    101: ("Kävely",),
    102: ("Kävely", "Retkeily"),
    103: ("Retkeily", "Kävely"),
    104: ("Retkeily", "Vaellus"),
    106: ("Retkeily",),
    107: ("Retkeily",),
    108: ("Retkeily", "Kävely"),
    109: ("Retkeily", "Vaellus"),
    110: ("Vaellus",),
    111: ("Retkeily", "Vaellus"),
    112: ("Retkeily",),
    113: ("Kalastus",),
    201: ("Kalastus",),
    202: ("Leirintä",),
    203: ("Vesiurheilu",),
    204: ("Lintuharrastus",),
    205: ("Melonta",),
    206: ("Retkeily",),
    207: ("Retkeily",),
    301: ("Retkeily", "Vaellus"),
    302: ("Retkeily",),
    304: ("Retkeily", "Hiihto"),
    # Outdoor fields and sports parks
    1110: ("Urheilu ja liikunta",),
    1120: ("Urheilu ja liikunta",),
    1130: ("Kuntosalit",),
    1140: ("Parkour",),
    1150: ("Rullalautailu", "Rullaluistelu", "Potkulaudat"),
    1160: ("Pyöräily", "BMX-pyöräily"),
    1170: ("Pyöräily",),
    1180: ("Frisbeegolf",),
    1190: ("Talviurheilu",),
    1210: ("Yleisurheilu",),
    1220: ("Yleisurheilu",),
    1310: ("Koripallo",),
    1320: ("Palloilu",),
    1330: ("Palloilu",),
    1340: ("Palloilu", "Jalkapallo"),
    1350: ("Jalkapallo",),
    1360: ("Palloilu",),
    1370: ("Tennis",),
    1380: ("Palloilu",),
    1390: ("Padel",),
    1395: ("Pöytätennis",),
    1510: ("Luistelu", "Jääkiekko"),
    1520: ("Luistelu",),
    1530: ("Jääkiekko", "Luistelu"),
    1540: ("Luistelu",),
    1550: ("Luistelu",),
    1560: ("Luistelu",),
    1610: ("Golf",),
    1620: ("Golf",),
    1630: ("Golf",),
    1640: ("Ratagolf",),
    1650: ("Golf",),
    # Indoor sports facilities
    2110: ("Kuntosalit",),
    2120: ("Kuntosalit",),
    2130: ("Voimailu",),
    2140: ("Kamppailulajit",),
    2150: ("Urheilu ja liikunta",),
    2210: ("Urheilu ja liikunta", "Palloilu"),
    2220: ("Urheilu ja liikunta",),
    2225: ("Leikkiminen",),
    2230: ("Jalkapallo", "Futsal"),
    2240: ("Salibandy",),
    2250: ("Rullalautailu",),
    2260: ("Sulkapallo",),
    2270: ("Muu urheilu ja liikunta",),
    2280: ("Tennis",),
    2290: ("Muu urheilu ja liikunta",),
    2295: ("Padel",),
    2310: ("Yleisurheilu",),
    2320: ("Telinevoimistelu", "Voimistelu"),
    2330: ("Pöytätennis",),
    2340: ("Miekkailu",),
    2350: ("Tanssi", "Aerobic"),
    2360: ("Ammunta",),
    2370: ("Seinäkiipeily", "Boulderointi"),
    2380: ("Parkour",),
    2510: ("Jääkiekko", "Luistelu"),
    2520: ("Jääkiekko", "Luistelu"),
    2530: ("Luistelu",),
    2610: ("Keilailu",),
    2620: ("Biljardi",),
    # Water sports
    3110: ("Uinti",),
    3120: ("Uinti",),
    3130: ("Uinti",),
    3210: ("Uinti",),
    3220: ("Uinti",),
    3230: ("Uinti",),
    3240: ("Uinti",),
    3250: ("Vesiurheilu", "Uinti"),
    # Terrain sports: slopes, tracks, routes, orienteering, climbing and shooting
    4110: ("Laskettelu", "Lumilautailu"),
    4210: ("Talviurheilu",),
    4220: ("Hiihto",),
    4230: ("Lumilautailu",),
    4240: ("Laskettelu",),
    4310: ("Mäkihyppy",),
    4320: ("Mäkihyppy",),
    4401: ("Juoksu",),
    4402: ("Hiihto",),
    4403: ("Kävely",),
    4404: ("Kävely", "Retkeily"),
    4405: ("Vaellus", "Retkeily"),
    4406: ("Kävely", "Pyöräily"),
    4407: ("Hiihto",),
    4411: ("Maastopyöräily",),
    4412: ("Pyöräily",),
    4421: ("Moottoriurheilu",),
    4422: ("Moottoriurheilu",),
    4430: ("Ratsastus",),
    4440: ("Hiihto",),
    4441: ("Talviurheilu",),
    4451: ("Melonta",),
    4452: ("Melonta", "Retkeily"),
    4510: ("Suunnistus",),
    4520: ("Suunnistus", "Hiihto"),
    4530: ("Suunnistus", "Maastopyöräily"),
    4610: ("Hiihto", "Ammunta"),
    4620: ("Hiihto", "Ammunta"),
    4630: ("Hiihto",),
    4640: ("Hiihto",),
    4710: ("Kiipeily",),
    4720: ("Kalliokiipeily",),
    4810: ("Ammunta",),
    4820: ("Ammunta",),
    4830: ("Jousiammunta",),
    4840: ("Jousiammunta",),
    # Boating, aviation and motor sports
    5110: ("Soutu",),
    5120: ("Purjehdus",),
    5130: ("Vesiurheilu", "Moottoriurheilu"),
    5140: ("Vesihiihto",),
    5150: ("Melonta",),
    5160: ("Soutu", "Melonta"),
    5210: ("Urheiluilmailu",),
    5310: ("Moottoriurheilu",),
    5320: ("Moottoripyöräily",),
    5330: ("Autourheilu",),
    5340: ("Karting",),
    5350: ("Autourheilu",),
    5360: ("Autourheilu",),
    5370: ("Moottoripyöräily",),
    # Animal sports
    6110: ("Ratsastus",),
    6120: ("Ratsastus",),
    6130: ("Ratsastus",),
    6140: ("Raviurheilu",),
    6150: ("Hevosurheilu",),
    6210: ("Agility", "Tottelevaisuuskoulutus"),
    6220: ("Agility",),
}


def read_type_names(path):
    """Return ({type code: {"fi": …, "sv": …, "en": …}}, {type code: [KOKO id, …]}) from the type file.

    LIPAS writes Swedish as "se".
    """
    if not path or not Path(path).is_file():
        logger.warning(
            "LIPAS type file %s not found; place types keep the names in the places file", path
        )
        return {}, {}
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    names = {}
    koko_ids = {}
    for code, item in (document.get("types") or {}).items():
        name = item.get("name") or {}
        names[int(code)] = {
            "fi": name.get("fi") or "",
            "sv": name.get("se") or "",
            "en": name.get("en") or "",
        }
        urls = ((item.get("ptv") or {}).get("ontology-urls")) or []
        koko_ids[int(code)] = [str(url).rstrip("/").rsplit("/", 1)[-1] for url in urls]
    return names, koko_ids


class SportsPlaceImporter(Importer):
    data_source = DATA_SOURCE
    label = _("Sports places (LIPAS)")

    def __init__(self, *, type_names=None, koko_ids=None, **options):
        super().__init__(**options)
        self.type_names = type_names or {}
        self.koko_ids = koko_ids or {}
        self.municipalities = MunicipalityIndex()
        self.categories = CategoryIndex()
        self.existing = {
            location.origin_id: location
            for location in Location.objects.filter(data_source=DATA_SOURCE)
        }

    def record_id(self, place):
        return place.get("sportsPlaceId")

    def categories_for_type(self, type_code):
        """Return category ids for a LIPAS type: the table, else its KOKO links, else an equal name."""
        if type_code in TYPE_CATEGORIES:
            return sorted(
                filter(
                    None, (self.categories.for_name(name) for name in TYPE_CATEGORIES[type_code])
                )
            )
        ids = [
            category_id
            for koko_id in self.koko_ids.get(type_code, [])
            for category_id in self.categories.for_yso(koko_id)
        ]
        if not ids:
            name_fi = self.type_names.get(type_code, {}).get("fi")
            category_id = self.categories.by_name.get(name_key(name_fi)) if name_fi else None
            ids = [category_id] if category_id else []
        return sorted(set(ids))

    def save_record(self, place):
        if not isinstance(place, dict):
            raise SkipRecord("the record is not a JSON object")
        place_id = place.get("sportsPlaceId")
        if place_id in (None, ""):
            raise SkipRecord("missing sportsPlaceId")
        name = clean_text(place.get("name"), 255)
        if not name:
            raise SkipRecord("missing name")
        location = place.get("location") or {}
        point = ((location.get("coordinates") or {}).get("wgs84")) or {}
        try:
            latitude, longitude = parse_point(point.get("lat"), point.get("lon"))
        except ValueError as error:
            raise SkipRecord("invalid coordinates: %s", error) from None

        place_type = place.get("type") or {}
        type_code = int(place_type["typeCode"]) if place_type.get("typeCode") is not None else None
        type_names = self.type_names.get(type_code, {})
        type_name = type_names.get("fi") or clean_text(place_type.get("name"))
        city = location.get("city") or {}
        postal_code = clean_postal_code(location.get("postalCode"))
        values = {
            "name_fi": name,
            "street_address_fi": clean_text(location.get("address"), 255),
            "postal_code": postal_code,
            "city_fi": capitalise_place_name(
                location.get("postalOffice") or city.get("name") or ""
            )[:100],
            "latitude": latitude,
            "longitude": longitude,
            "municipality_id": self.municipalities.resolve(
                code=city.get("cityCode"), postal_code=postal_code, name=city.get("name")
            ),
            # LIPAS records do not describe accessibility, so it stays unknown (empty).
            "accessibility_fi": "",
            "place_type_fi": type_name[:255],
            "place_type_sv": (type_names.get("sv") or "")[:255],
            "place_type_en": (type_names.get("en") or "")[:255],
            "info_url": clean_url(place.get("www")),
        }
        instance, outcome = save_object(
            Location,
            {"data_source": DATA_SOURCE, "origin_id": str(place_id)},
            values,
            instance=self.existing.get(str(place_id)),
        )
        categories_changed = set_related(
            instance, "categories", self.categories_for_type(type_code)
        )
        return combine(outcome, Outcome.UPDATED if categories_changed else Outcome.UNCHANGED)


def import_sports_places(path, *, type_names_file=None, **options):
    with open(path, encoding="utf-8") as handle:
        places = json.load(handle)
    if not isinstance(places, list):
        raise ValueError(f"{path} does not hold a JSON list of sports places")
    type_names, koko_ids = read_type_names(type_names_file)
    importer = SportsPlaceImporter(type_names=type_names, koko_ids=koko_ids, **options)
    importer.import_records(places)
    return [importer.finish()]
