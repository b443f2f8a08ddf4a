"""A new hobby or promotion form sent twice, as by a double click, saves one object."""

import re

from django.contrib.messages import get_messages

from hobbies.models import Hobby
from promotions.models import Promotion

from .conftest import client_for
from .test_hobby_pages import hobby_data
from .test_promotion_pages import promotion_data


def submission_of(client, path):
    page = client.get(path).content.decode()
    match = re.search(r'name="submission" value="([A-Za-z0-9_-]+)"', page)
    assert match, "the form has no submission field"
    return match.group(1)


def test_new_hobby_sent_twice_is_saved_once(world):
    client = client_for(world.users["editor"])
    data = hobby_data(world, submission=submission_of(client, "/en/portal/hobbies/new/"))
    client.post("/en/portal/hobbies/new/", data)

    response = client.post("/en/portal/hobbies/new/", data)

    assert Hobby.objects.filter(name_fi="Sählykerho").count() == 1
    assert response.status_code == 302
    assert response["Location"] == "/en/portal/hobbies/"
    assert "The form was sent twice, so it was saved only once." in [
        str(message) for message in get_messages(response.wsgi_request)
    ]


def test_new_hobby_after_invalid_try_is_saved(world):
    client = client_for(world.users["editor"])
    submission = submission_of(client, "/en/portal/hobbies/new/")
    invalid = client.post("/en/portal/hobbies/new/", hobby_data(world, name_fi="", name_en="", submission=submission))

    response = client.post("/en/portal/hobbies/new/", hobby_data(world, submission=submission))

    assert invalid.status_code == 200
    assert f'name="submission" value="{submission}"' in invalid.content.decode()
    assert response.status_code == 302
    assert Hobby.objects.filter(name_fi="Sählykerho").count() == 1


def test_two_new_hobby_forms_save_two(world):
    client = client_for(world.users["editor"])
    first = submission_of(client, "/en/portal/hobbies/new/")
    second = submission_of(client, "/en/portal/hobbies/new/")

    client.post("/en/portal/hobbies/new/", hobby_data(world, submission=first))
    client.post("/en/portal/hobbies/new/", hobby_data(world, submission=second))

    assert first != second
    assert Hobby.objects.filter(name_fi="Sählykerho").count() == 2


def test_new_promotion_sent_twice_is_saved_once(world):
    client = client_for(world.users["editor"])
    data = promotion_data(world, submission=submission_of(client, "/en/portal/promotions/new/"))
    client.post("/en/portal/promotions/new/", data)

    response = client.post("/en/portal/promotions/new/", data)

    assert Promotion.objects.filter(name_fi="Ilmainen kokeilukerta").count() == 1
    assert response.status_code == 302
    assert response["Location"] == "/en/portal/promotions/"
