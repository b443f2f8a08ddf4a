"""Writes that refer to a location another request deleted after it was read."""

import pytest

from core import testing
from hobbies.models import Hobby
from hobbies.services import save_hobby
from places.models import Location
from places.services import delete_location, save_location


@pytest.mark.django_db
def test_hobby_at_deleted_location_raises():
    location = testing.make_location()
    hobby = testing.make_hobby()
    stale = Location.objects.get(pk=location.pk)
    delete_location(Location.objects.get(pk=location.pk))

    hobby.location = stale
    with pytest.raises(Location.DoesNotExist):
        save_hobby(hobby)

    assert Hobby.objects.get(pk=hobby.pk).location_id is None


@pytest.mark.django_db
def test_saving_deleted_location_raises():
    location = testing.make_location()
    stale = Location.objects.get(pk=location.pk)
    delete_location(Location.objects.get(pk=location.pk))

    stale.name_fi = "Muutettu"
    with pytest.raises(Location.DoesNotExist):
        save_location(stale)

    assert not Location.objects.filter(pk=location.pk).exists()


@pytest.mark.django_db
def test_deleting_deleted_location_raises():
    location = testing.make_location()
    stale = Location.objects.get(pk=location.pk)
    delete_location(Location.objects.get(pk=location.pk))

    with pytest.raises(Location.DoesNotExist):
        delete_location(stale)
