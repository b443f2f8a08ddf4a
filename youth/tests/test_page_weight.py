"""The list page's HTML, CSS and JavaScript stay within 60 KB compressed, with a full page of
results and a category picker as large as the national category tree."""

import pytest

from core import testing
from hobbies.categories import rebuild_category_tree
from hobbies.search import index_hobbies
from youth.tests.conftest import session_at
from youth.weight import BUDGET_BYTES, page_resources

pytestmark = pytest.mark.django_db

# The Harrastuspassi ontology has 239 concepts: 16 branches of about 15 each.
BRANCHES = 16
CATEGORIES_PER_BRANCH = 14


@pytest.fixture
def full_list_page(provider):
    leaves = []
    for branch_number in range(BRANCHES):
        branch = testing.make_category(f"Harrastusala numero {branch_number}")
        for leaf_number in range(CATEGORIES_PER_BRANCH):
            leaves.append(testing.make_category(f"Harrastuslaji {branch_number}.{leaf_number}", branch))
    rebuild_category_tree()
    hobbies = []
    for number, category in enumerate(leaves):
        location = testing.make_location(name_fi=f"Nuorisotalo {number}", latitude=60.1 + number / 1000, longitude=24.9)
        hobby = testing.make_hobby(
            name_fi=f"Nuorten harrastusryhmä numero {number}", provider=provider, location=location,
            categories=[category], price_type="paid", price_amount="35.00",
        )
        if number < 25:
            session_at(hobby, 1 + number % 7, 17, 30)
        hobbies.append(hobby)
    index_hobbies([hobby.pk for hobby in hobbies])
    return "/hobbies/?lat=60.171&lon=24.941&place=00100+Helsinki"


def test_list_page_fits_the_budget(client, full_list_page):
    resources = page_resources(client, full_list_page)
    names = [resource.name for resource in resources]
    assert names[1:] == ["/static/youth/app.css", "/static/analytics/analytics.js", "/static/youth/app.js"]
    assert client.get(full_list_page).context["count"] == BRANCHES * CATEGORIES_PER_BRANCH
    total = sum(resource.gzip_bytes for resource in resources)
    assert total <= BUDGET_BYTES, [(resource.name, resource.gzip_bytes) for resource in resources]


def test_list_page_loads_no_map_library(client, full_list_page):
    names = [resource.name for resource in page_resources(client, full_list_page)]
    assert not any("leaflet" in name for name in names)
