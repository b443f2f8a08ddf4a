"""A portal write whose object someone else deleted during the request gets a 404, not a 500."""

import pytest
from django.test import RequestFactory
from django.urls import resolve

from hobbies.models import Hobby
from portal.middleware import DeletedMeanwhileMiddleware


def request_for(path):
    request = RequestFactory().post(path)
    request.resolver_match = resolve(path)
    return request


def never_called(request):
    raise AssertionError("the middleware must not call the view here")


@pytest.mark.django_db
def test_portal_write_of_deleted_hobby_is_404(world):
    middleware = DeletedMeanwhileMiddleware(never_called)
    request = request_for(f"/portal/hobbies/{world.hobby.pk}/")

    response = middleware.process_exception(request, Hobby.DoesNotExist("Hobby matching query does not exist."))

    assert response.status_code == 404
    assert "Harrastuspassin järjestäjäportaali" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_and_pages_left_alone(world):
    middleware = DeletedMeanwhileMiddleware(never_called)
    portal_request = request_for(f"/portal/hobbies/{world.hobby.pk}/")
    youth_request = request_for(f"/hobbies/{world.hobby.pk}/")

    assert middleware.process_exception(portal_request, ValueError("bug")) is None
    assert middleware.process_exception(youth_request, Hobby.DoesNotExist()) is None
