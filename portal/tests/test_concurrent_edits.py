"""Two people edit the same hobby or promotion: the later save of a stale form changes nothing."""

import re

from hobbies.models import Hobby
from promotions.models import Promotion

from .conftest import client_for
from .test_hobby_pages import hobby_data
from .test_promotion_pages import promotion_data


def opened_version(client, instance, path="hobbies"):
    """Open the edit page of a hobby (or with `path` "promotions", of a promotion) and return
    the version in its hidden field."""
    page = client.get(f"/en/portal/{path}/{instance.pk}/").content.decode()
    match = re.search(r'name="version" value="([0-9a-f]+)"', page)
    assert match, "the edit form has no version field"
    return match.group(1)


def test_stale_form_saves_nothing(world):
    editor = client_for(world.users["editor"])
    moderator = client_for(world.users["moderator"])
    editor_version = opened_version(editor, world.hobby)
    moderator_version = opened_version(moderator, world.hobby)

    moderator.post(
        f"/en/portal/hobbies/{world.hobby.pk}/",
        hobby_data(world, name_fi="Judo", version=moderator_version),
    )
    response = editor.post(
        f"/en/portal/hobbies/{world.hobby.pk}/",
        hobby_data(world, name_fi="Judon alkeet Tapiolassa", description_fi="Uusi kuvaus.", version=editor_version),
    )

    hobby = Hobby.objects.get(pk=world.hobby.pk)
    assert response.status_code == 200
    assert "Someone else changed this hobby after you opened it" in response.content.decode()
    assert hobby.name_fi == "Judo"
    assert hobby.description_fi == "Pelataan sählyä."


def test_second_save_after_conflict_wins(world):
    editor = client_for(world.users["editor"])
    moderator = client_for(world.users["moderator"])
    editor_version = opened_version(editor, world.hobby)
    moderator.post(
        f"/en/portal/hobbies/{world.hobby.pk}/",
        hobby_data(world, name_fi="Judo", version=opened_version(moderator, world.hobby)),
    )
    conflict = editor.post(
        f"/en/portal/hobbies/{world.hobby.pk}/", hobby_data(world, name_fi="Judokerho", version=editor_version)
    )
    new_version = re.search(r'name="version" value="([0-9a-f]+)"', conflict.content.decode()).group(1)

    response = editor.post(
        f"/en/portal/hobbies/{world.hobby.pk}/", hobby_data(world, name_fi="Judokerho", version=new_version)
    )

    assert new_version != editor_version
    assert response.status_code == 302
    assert Hobby.objects.get(pk=world.hobby.pk).name_fi == "Judokerho"


def test_publishing_meanwhile_is_no_conflict(world):
    editor = client_for(world.users["editor"])
    version = opened_version(editor, world.hobby)
    client_for(world.users["admin"]).post(f"/en/portal/hobbies/{world.hobby.pk}/status/", {"action": "publish"})

    response = editor.post(
        f"/en/portal/hobbies/{world.hobby.pk}/", hobby_data(world, name_fi="Judokerho", version=version)
    )

    assert response.status_code == 302
    assert Hobby.objects.get(pk=world.hobby.pk).name_fi == "Judokerho"


def test_stale_promotion_form_saves_nothing(world):
    editor = client_for(world.users["editor"])
    admin = client_for(world.users["admin"])
    editor_version = opened_version(editor, world.promotion, "promotions")
    admin_version = opened_version(admin, world.promotion, "promotions")
    admin.post(
        f"/en/portal/promotions/{world.promotion.pk}/",
        promotion_data(world, total_quantity="5", version=admin_version),
    )

    response = editor.post(
        f"/en/portal/promotions/{world.promotion.pk}/",
        promotion_data(world, name_fi="Kaksi kokeilukertaa", version=editor_version),
    )

    promotion = Promotion.objects.get(pk=world.promotion.pk)
    assert response.status_code == 200
    assert "Someone else changed this promotion after you opened it" in response.content.decode()
    assert promotion.total_quantity == 5
    assert promotion.name_fi == "Ilmainen kokeilukerta"
