"""Who may open which portal page and take which action, as one table.

Columns follow conftest.ROLES: anonymous, no_role, editor, admin, other_admin, moderator,
other_moderator, administrator. "Not yours" is a 404, the same as a missing object.
Anonymous users are sent to sign in (302); signed-in users without a role get a 403 page.
"""

import pytest
from django.urls import reverse

from .conftest import ROLES, client_for

OK, FOUND, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
LOGIN = FOUND  # anonymous requests are redirected to /accounts/login/

EVERY_MEMBER = (LOGIN, FORBIDDEN, OK, OK, OK, OK, OK, OK)
# The world's own objects: its provider's members, its moderator and administrators.
OWN = (LOGIN, FORBIDDEN, OK, OK, NOT_FOUND, OK, NOT_FOUND, OK)
OWN_ACTION = (LOGIN, FORBIDDEN, FOUND, FOUND, NOT_FOUND, FOUND, NOT_FOUND, FOUND)
# Managing the provider itself: its admins, its municipality's moderator, administrators.
MANAGE = (LOGIN, FORBIDDEN, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK)
MANAGE_ACTION = (LOGIN, FORBIDDEN, NOT_FOUND, FOUND, NOT_FOUND, FOUND, NOT_FOUND, FOUND)
# Moderation: moderators (any municipality for the queue) and administrators.
MODERATORS = (LOGIN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK, OK)
MODERATE_ACTION = (LOGIN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, FOUND, NOT_FOUND, FOUND)
ANALYTICS = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, OK)


def matrix(world):
    """Return [(method, url, data, expected statuses by role)]."""
    hobby, session, schedule = world.hobby.pk, world.session.pk, world.schedule.pk
    provider, location, promotion = world.provider.pk, world.location.pk, world.promotion.pk
    membership, invitation = world.editor_membership.pk, world.invitation.pk
    url = reverse
    return [
        ("GET", url("portal:dashboard"), None, EVERY_MEMBER),
        ("GET", url("portal:hobby-list"), None, EVERY_MEMBER),
        ("GET", url("portal:hobby-create"), None, EVERY_MEMBER),
        ("GET", url("portal:hobby-edit", args=[hobby]), None, OWN),
        ("POST", url("portal:hobby-edit", args=[hobby]), {"name_fi": ""}, OWN),
        ("GET", url("portal:hobby-preview", args=[hobby]), None, OWN),
        ("GET", url("portal:hobby-schedule", args=[hobby]), None, OWN),
        ("POST", url("portal:hobby-status", args=[hobby]), {"action": "unpublish"}, OWN_ACTION),
        ("POST", url("portal:hobby-duplicate", args=[hobby]), {}, OWN_ACTION),
        ("GET", url("portal:hobby-delete", args=[hobby]), None, OWN),
        ("POST", url("portal:hobby-delete", args=[hobby]), {}, OWN_ACTION),
        ("POST", url("portal:session-cancel", args=[session]), {"action": "cancel"}, OWN_ACTION),
        ("POST", url("portal:schedule-delete", args=[hobby, schedule]), {}, OWN_ACTION),
        ("GET", url("portal:location-list"), None, EVERY_MEMBER),
        ("GET", url("portal:location-create"), None, EVERY_MEMBER),
        ("GET", url("portal:location-edit", args=[location]), None, OWN),
        ("GET", url("portal:geocode") + "?q=00100", None, EVERY_MEMBER),
        ("GET", url("portal:bulk-import"), None, EVERY_MEMBER),
        ("GET", url("portal:bulk-import-template", args=["csv"]), None, EVERY_MEMBER),
        ("GET", url("portal:bulk-import-template", args=["xlsx"]), None, EVERY_MEMBER),
        ("GET", url("portal:provider-list"), None, EVERY_MEMBER),
        ("GET", url("portal:provider-create"), None, EVERY_MEMBER),
        ("GET", url("portal:provider-detail", args=[provider]), None, OWN),
        ("GET", url("portal:provider-edit", args=[provider]), None, MANAGE),
        ("GET", url("portal:member-invite", args=[provider]), None, MANAGE),
        ("POST", url("portal:member-role", args=[provider, membership]), {"role": "admin"}, MANAGE_ACTION),
        ("POST", url("portal:member-remove", args=[provider, membership]), {}, MANAGE_ACTION),
        ("POST", url("portal:invitation-revoke", args=[provider, invitation]), {}, MANAGE_ACTION),
        ("GET", url("portal:promotion-list"), None, EVERY_MEMBER),
        ("GET", url("portal:promotion-create"), None, EVERY_MEMBER),
        ("GET", url("portal:promotion-edit", args=[promotion]), None, OWN),
        ("GET", url("portal:promotion-uses", args=[promotion]), None, OWN),
        ("GET", url("portal:promotion-redeem"), None, EVERY_MEMBER),
        ("GET", url("portal:moderation-queue"), None, MODERATORS),
        ("POST", url("portal:moderate", args=[hobby]), {"action": "approve"}, MODERATE_ACTION),
        ("GET", url("portal:audit-log"), None, EVERY_MEMBER),
        ("GET", url("analytics:index"), None, ANALYTICS),
    ]


def cases():
    """One pytest case per row and role; rows are built inside the test from the world."""
    from types import SimpleNamespace

    placeholder = SimpleNamespace(
        hobby=SimpleNamespace(pk=1), session=SimpleNamespace(pk=1), schedule=SimpleNamespace(pk=1),
        provider=SimpleNamespace(pk=1), location=SimpleNamespace(pk=1), promotion=SimpleNamespace(pk=1),
        editor_membership=SimpleNamespace(pk=1), invitation=SimpleNamespace(pk=1),
    )
    for index, (method, url, _data, expected) in enumerate(matrix(placeholder)):
        for role, status in zip(ROLES, expected, strict=True):
            yield pytest.param(index, role, status, id=f"{method} {url} {role}")


@pytest.mark.parametrize(("row", "role", "expected"), list(cases()))
def test_portal_permission(world, row, role, expected):
    method, url, data, _statuses = matrix(world)[row]
    client = client_for(world.users[role])

    response = client.get(url) if method == "GET" else client.post(url, data or {})

    assert response.status_code == expected, response.content[:300]
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")  # Finnish, the default


LIST_PAGES = ("portal:dashboard", "portal:hobby-list", "portal:location-list", "portal:provider-list",
              "portal:promotion-list", "portal:audit-log", "portal:moderation-queue")


@pytest.mark.parametrize("page", LIST_PAGES)
@pytest.mark.parametrize("role", ["editor", "admin", "moderator"])
def test_lists_show_nothing_of_another_organization(world, client, page, role):
    from hobbies.services import save_hobby

    # Give the other organization a change in the audit log and the moderation queue.
    world.other_hobby.name_fi = "Shakkikerho Tikkurilassa, uusi aika"
    save_hobby(world.other_hobby, acting_user=world.users["other_admin"])
    client.force_login(world.users[role])

    response = client.get(reverse(page))

    content = response.content.decode()
    assert response.status_code in (OK, NOT_FOUND)
    assert "Shakkikerho" not in content
    assert "Vantaan Shakkikerho" not in content
    assert "Shakkitalo" not in content
    assert "Shakkikokeilu" not in content
