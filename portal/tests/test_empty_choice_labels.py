"""The empty choice of every select on the portal's forms, in the page's language."""

import pytest

from .conftest import client_for

FORM_PAGES = [
    "/portal/hobbies/new/",
    "/portal/hobbies/{hobby}/",
    "/portal/locations/new/",
    "/portal/promotions/new/",
    "/portal/providers/new/",
    "/portal/import/",
]


@pytest.mark.parametrize("page", FORM_PAGES)
@pytest.mark.parametrize(("prefix", "expected"), [("", "– Valitse –"), ("/sv", "– Välj –")])
def test_empty_choice_is_in_page_language(world, page, prefix, expected):
    url = prefix + page.format(hobby=world.hobby.pk)

    html = client_for(world.users["administrator"]).get(url).content.decode()

    assert "Select an option" not in html
    assert f">{expected}</option>" in html
