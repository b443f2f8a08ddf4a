"""The audit log page shows field names, values, times and objects in the viewer's language."""

import datetime as dt

from django.utils import formats, timezone, translation

from hobbies.models import Hobby
from hobbies.services import cancel_session, save_hobby
from promotions.models import PromotionUse
from promotions.redemptions import honour_use

from .conftest import client_for


def audit_page(world, prefix=""):
    return client_for(world.users["admin"]).get(f"{prefix}/portal/audit/?provider={world.provider.pk}").content.decode()


def test_boolean_change_shows_field_name_and_yes_no(world):
    cancel_session(world.session, acting_user=world.users["editor"])

    assert "Peruttu: ei → kyllä" in audit_page(world)
    assert "Inställt: nej → ja" in audit_page(world, "/sv")
    assert "is_cancelled" not in audit_page(world)


def test_choice_and_foreign_key_show_labels(world):
    hobby = Hobby.objects.get(pk=world.hobby.pk)
    hobby.price_type = Hobby.PriceType.ANNUAL
    hobby.price_amount = 100
    save_hobby(hobby, acting_user=world.users["editor"])
    new_hobby = Hobby(provider=world.provider, location=world.location, name_fi="Uusi kerho", price_type="free")
    save_hobby(new_hobby, acting_user=world.users["editor"])

    page = audit_page(world, "/en")

    assert "Price type: Free → Annual fee" in page
    assert f"Municipality: – → {world.municipality.name}" in page
    assert f"Location: – → {world.location.name_fi}" in page
    assert "municipality_id" not in page


def test_times_are_helsinki_local(world):
    use = PromotionUse.objects.create(promotion=world.promotion, code="ABCD-EFGH")
    honour_use(use, acting_user=world.users["editor"])
    use.refresh_from_db()

    with translation.override("fi"):
        local = formats.date_format(timezone.localtime(use.honoured_at), "SHORT_DATETIME_FORMAT")

    assert f"Lunastettu: – → {local}" in audit_page(world)
    assert use.honoured_at.isoformat() not in audit_page(world)


def test_object_label_follows_viewers_language(world):
    Hobby.objects.filter(pk=world.hobby.pk).update(name_en="Judo for beginners")
    world.session.refresh_from_db()
    with translation.override("en"):
        cancel_session(world.session, acting_user=world.users["editor"])

    finnish = audit_page(world)
    english = audit_page(world, "/en")

    assert "Judon alkeet Tapiolassa" in finnish.split("<tbody>")[1]
    assert "Judo for beginners" not in finnish
    assert "Judo for beginners" in english.split("<tbody>")[1]


def test_deleted_object_keeps_stored_label(world):
    cancel_session(world.session, acting_user=world.users["editor"])
    label = f"{world.hobby.name_fi} {timezone.localtime(world.session.start_at):%Y-%m-%d %H:%M}"
    world.session.delete()

    assert label in audit_page(world)


def test_audit_page_reads_a_page_with_few_queries(world, django_assert_max_num_queries):
    for day in range(5):
        world.session.start_at += dt.timedelta(days=day)
        cancel_session(world.session, cancelled=bool(day % 2), acting_user=world.users["editor"])
    client = client_for(world.users["admin"])

    with django_assert_max_num_queries(20):
        client.get(f"/portal/audit/?provider={world.provider.pk}")


def test_schedule_weekdays_show_as_names(world):
    page = audit_page(world, "/en")

    weekday = world.schedule.weekdays[0]
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday - 1]
    assert f"Weekdays: – → {name}" in page
