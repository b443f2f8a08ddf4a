import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hobbies.models import HobbyCategory
from imports.ontology import ONTOLOGY_FILE, import_categories

pytestmark = pytest.mark.shared_data

SMALL_ONTOLOGY = """<?xml version="1.0"?>
<rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:owl="http://www.w3.org/2002/07/owl#"
     xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
     xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
    <owl:Class rdf:about="http://example.org/root">
        <rdfs:label xml:lang="fi">Harrastusmuoto</rdfs:label>
    </owl:Class>
    <owl:Class rdf:about="http://example.org/audience">
        <rdfs:label xml:lang="fi">Yleisö</rdfs:label>
    </owl:Class>
    <owl:Class rdf:about="http://example.org/youth">
        <rdfs:subClassOf rdf:resource="http://example.org/audience"/>
        <rdfs:label xml:lang="fi">Nuoret</rdfs:label>
    </owl:Class>
    <owl:Class rdf:about="http://example.org/music">
        <rdfs:subClassOf rdf:resource="http://example.org/root"/>
        <dc:identifier>p1808</dc:identifier>
        <rdfs:label>Musiikki</rdfs:label>
        <rdfs:label xml:lang="sv">Musik</rdfs:label>
    </owl:Class>
    <owl:Class rdf:about="http://example.org/choirs">
        <rdfs:subClassOf rdf:resource="http://example.org/youth"/>
        <rdfs:subClassOf rdf:resource="http://example.org/music"/>
        <dc:identifier>yso:p2170</dc:identifier>
        <rdfs:label xml:lang="fi">Kuorot</rdfs:label>
        <rdfs:label>Choirs without a language</rdfs:label>
        <rdfs:label xml:lang="en">Choirs</rdfs:label>
    </owl:Class>
</rdf:RDF>
"""


@pytest.mark.django_db
def test_ontology_subtree_imported_with_names_and_yso_ids(shared_data_dir):
    (stats,) = import_categories(shared_data_dir / ONTOLOGY_FILE)

    assert (stats.created, stats.skipped) == (231, 0)
    assert HobbyCategory.objects.count() == 231
    assert not HobbyCategory.objects.filter(
        name_fi__in=["Harrastusmuoto", "Yleisö", "Nuoret"]
    ).exists()
    roots = HobbyCategory.objects.filter(parent=None)
    assert roots.count() == 16
    assert roots.filter(name_fi="Urheilu ja liikunta", yso_id="p916").exists()

    bmx = HobbyCategory.objects.get(name_fi="BMX-pyöräily")
    assert (bmx.name_sv, bmx.name_en, bmx.yso_id) == ("BMX", "BMX", "p14344")
    assert bmx.parent.name_fi == "Pyöräily"
    assert bmx.parent.parent.name_fi == "Urheilu ja liikunta"
    assert bmx.level == 2
    assert bmx.sort_key.startswith(bmx.parent.sort_key + ".")
    assert bmx.data_source == "harrastuspassi-ontology"
    assert bmx.origin_id == "http://webprotege.stanford.edu/R04fglldFKjOLQ20vQqPB0"


@pytest.mark.django_db
def test_ontology_reimport_changes_nothing(shared_data_dir):
    import_categories(shared_data_dir / ONTOLOGY_FILE)
    sort_keys = dict(HobbyCategory.objects.values_list("origin_id", "sort_key"))

    (stats,) = import_categories(shared_data_dir / ONTOLOGY_FILE)

    assert (stats.created, stats.updated, stats.unchanged) == (0, 0, 231)
    assert HobbyCategory.objects.count() == 231
    assert dict(HobbyCategory.objects.values_list("origin_id", "sort_key")) == sort_keys


@pytest.mark.django_db
def test_changed_category_label_updated(tmp_path):
    source = tmp_path / "ontology.owl"
    source.write_text(SMALL_ONTOLOGY, encoding="utf-8")
    import_categories(source)
    source.write_text(SMALL_ONTOLOGY.replace("Musik<", "Musik och sång<"), encoding="utf-8")

    (stats,) = import_categories(source)

    assert (stats.created, stats.updated, stats.unchanged) == (0, 1, 1)
    assert HobbyCategory.objects.get(yso_id="p1808").name_sv == "Musik och sång"


@pytest.mark.django_db
def test_label_without_language_counts_as_finnish(tmp_path):
    source = tmp_path / "ontology.owl"
    source.write_text(SMALL_ONTOLOGY, encoding="utf-8")

    import_categories(source)

    music = HobbyCategory.objects.get(origin_id="http://example.org/music")
    assert (music.name_fi, music.name_sv, music.name_en) == ("Musiikki", "Musik", "")
    assert music.parent is None
    choirs = HobbyCategory.objects.get(origin_id="http://example.org/choirs")
    # A Finnish label wins over one without a language; the first parent inside the subtree is used.
    assert (choirs.name_fi, choirs.name_en) == ("Kuorot", "Choirs")
    assert choirs.yso_id == "p2170"
    assert choirs.parent == music
    assert HobbyCategory.objects.count() == 2


def test_ontology_without_root_rejected(tmp_path):
    source = tmp_path / "ontology.owl"
    source.write_text(SMALL_ONTOLOGY.replace("Harrastusmuoto", "Juuri"), encoding="utf-8")

    with pytest.raises(CommandError, match="no class labelled 'Harrastusmuoto'"):
        call_command("import_categories", str(source), stdout=io.StringIO())
