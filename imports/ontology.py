"""Import of the hobby category tree from the Harrastuspassi ontology (OWL in RDF/XML).

Each owl:Class is a category: its parent is its rdfs:subClassOf, its names are the
rdfs:label values by xml:lang, and its YSO id is dc:identifier. Only the subtree under the
class labelled "Harrastusmuoto" (hobby form) is imported, as the original Harrastuspassi
did: the root itself is left out and its children become the roots. The ontology's other
top class, the audiences ("Yleisö"), is not a hobby category. Categories are keyed on the
class URI.
"""

import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from hobbies.categories import rebuild_category_tree
from hobbies.models import HobbyCategory

from .framework import Importer, SkipRecord, save_object

logger = logging.getLogger(__name__)

ONTOLOGY_FILE = Path("harrastuspassi-backend/ontology.owl")
ROOT_LABEL = "Harrastusmuoto"

NAMESPACES = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dc": "http://purl.org/dc/elements/1.1/",
}
RDF_ABOUT = f"{{{NAMESPACES['rdf']}}}about"
RDF_RESOURCE = f"{{{NAMESPACES['rdf']}}}resource"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("fi", "sv", "en")


@dataclass
class OntologyClass:
    uri: str
    parent_uris: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    unlabelled_name: str = ""
    yso_id: str = ""

    def name(self, language):
        """Return the label in `language`; a label without a language counts as Finnish."""
        value = self.labels.get(language, "")
        if not value and language == "fi":
            value = self.unlabelled_name
        return value


def parse_ontology(path):
    """Return the classes of an OWL RDF/XML file by URI."""
    root = ET.parse(path).getroot()
    classes = {}
    for element in root.findall("owl:Class", NAMESPACES):
        uri = element.get(RDF_ABOUT)
        if not uri:
            continue
        item = OntologyClass(uri=uri)
        for parent in element.findall("rdfs:subClassOf", NAMESPACES):
            if parent.get(RDF_RESOURCE):
                item.parent_uris.append(parent.get(RDF_RESOURCE))
        for label in element.findall("rdfs:label", NAMESPACES):
            text = (label.text or "").strip()
            language = (label.get(XML_LANG) or "").lower()[:2]
            if not text:
                continue
            if language in LANGUAGES:
                item.labels.setdefault(language, text)
            elif not language:
                item.unlabelled_name = item.unlabelled_name or text
        identifier = element.find("dc:identifier", NAMESPACES)
        if identifier is not None and identifier.text:
            item.yso_id = identifier.text.strip().removeprefix("yso:")
        classes[uri] = item
    return classes


def hobby_subtree(classes):
    """Return [(class, parent URI or None)] under the root, parents before children.

    A class with several parents takes the first one inside the subtree. A class that
    reaches the root through no parent is not a hobby category and is left out.
    """
    root_uri = next((uri for uri, item in classes.items() if item.name("fi") == ROOT_LABEL), None)
    if root_uri is None:
        raise ValueError(f"the ontology has no class labelled {ROOT_LABEL!r}")
    children = {}
    for item in classes.values():
        for parent_uri in item.parent_uris:
            children.setdefault(parent_uri, []).append(item)

    ordered = []
    placed = {root_uri}
    level = [root_uri]
    while level:
        next_level = []
        for parent_uri in level:
            for child in children.get(parent_uri, []):
                if child.uri in placed:
                    continue
                placed.add(child.uri)
                if len(child.parent_uris) > 1:
                    logger.info(
                        "Category %s has %s parents; using %s",
                        child.uri,
                        len(child.parent_uris),
                        parent_uri,
                    )
                ordered.append((child, None if parent_uri == root_uri else parent_uri))
                next_level.append(child.uri)
        level = next_level
    return ordered


class CategoryImporter(Importer):
    data_source = "harrastuspassi-ontology"
    label = _("Categories")

    def __init__(self, **options):
        super().__init__(**options)
        self.ids_by_uri = dict(
            HobbyCategory.objects.filter(data_source=self.data_source).values_list(
                "origin_id", "id"
            )
        )

    def record_id(self, record):
        return record[0].uri

    def save_record(self, record):
        item, parent_uri = record
        parent_id = None
        if parent_uri is not None:
            parent_id = self.ids_by_uri.get(parent_uri)
            if parent_id is None:
                raise SkipRecord("parent category %s was not imported", parent_uri)
        values = {f"name_{language}": item.name(language) for language in LANGUAGES}
        if not any(values.values()):
            raise SkipRecord("the class has no label")
        if item.yso_id and not re.fullmatch(r"p\d+", item.yso_id):
            logger.info(
                "Category %s: ignoring YSO id %r, which is not of the form p1234",
                item.uri,
                item.yso_id,
            )
        values["yso_id"] = item.yso_id if re.fullmatch(r"p\d+", item.yso_id or "") else ""
        values["parent_id"] = parent_id
        category, outcome = save_object(
            HobbyCategory, {"data_source": self.data_source, "origin_id": item.uri}, values
        )
        self.ids_by_uri[item.uri] = category.pk
        return outcome


def import_categories(path, **options):
    """Import the category subtree from the ontology file and rebuild the tree order."""
    records = hobby_subtree(parse_ontology(path))
    importer = CategoryImporter(**options)
    importer.import_records(records, total=len(records))
    rebuild_category_tree()
    return [importer.finish()]
