"""Who may see which analytics: built on accounts.access.roles_of, like every permission.

National administrators see every municipality, the national report and the app store
upload; a municipal moderator sees the municipalities they moderate. Other users see no
analytics.
"""

from accounts.access import roles_of
from places.models import Municipality


def visible_municipalities(user):
    roles = roles_of(user)
    if roles.is_administrator:
        return Municipality.objects.order_by("name")
    return Municipality.objects.filter(pk__in=roles.municipality_ids).order_by("name")


def can_view_national(user):
    return roles_of(user).is_administrator


def can_view_municipality(user, municipality):
    roles = roles_of(user)
    return roles.is_administrator or municipality.pk in roles.municipality_ids


def can_upload_downloads(user):
    return roles_of(user).is_administrator


def has_analytics_access(user):
    roles = roles_of(user)
    return roles.is_administrator or roles.is_moderator
