"""The one set of access rules that the API, the portal and the admin share.

A user may change an object when any of these holds:
- the user is a national administrator (or a superuser);
- the user moderates the object's municipality;
- the user is a member of the object's provider (admin or editor);
- the object has no provider and the user created it.

Querysets for "what may this user change" are built from the same rules with `editable_q`,
so a list never shows what a detail view would refuse.
"""

from django.db.models import Q

ROLE_CACHE_ATTRIBUTE = "_harrastuspassi_roles"


class Roles:
    """A user's role assignments, read once per user object."""

    def __init__(self, user):
        self.is_authenticated = bool(user and user.is_authenticated and user.is_active)
        self.is_administrator = self.is_authenticated and (user.is_superuser or user.is_national_admin)
        self.user_id = user.pk if self.is_authenticated else None
        self.municipality_ids = set()
        self.provider_ids = set()
        self.admin_provider_ids = set()
        if self.is_authenticated:
            from providers.models import ProviderMembership

            self.municipality_ids = set(
                user.moderated_municipalities.values_list("municipality_id", flat=True)
            )
            for provider_id, role in ProviderMembership.objects.filter(user=user).values_list(
                "provider_id", "role"
            ):
                self.provider_ids.add(provider_id)
                if role == ProviderMembership.Role.ADMIN:
                    self.admin_provider_ids.add(provider_id)

    @property
    def is_moderator(self):
        return bool(self.municipality_ids)


def roles_of(user):
    """Return the cached Roles of `user`; call `forget_roles` after changing them."""
    roles = getattr(user, ROLE_CACHE_ATTRIBUTE, None) if user is not None else None
    if roles is None:
        roles = Roles(user)
        if user is not None:
            try:
                setattr(user, ROLE_CACHE_ATTRIBUTE, roles)
            except AttributeError:  # AnonymousUser instances are shared and may be read-only
                pass
    return roles


def forget_roles(user):
    if hasattr(user, ROLE_CACHE_ATTRIBUTE):
        delattr(user, ROLE_CACHE_ATTRIBUTE)


def editable_q(user, *, provider="provider", municipality="municipality", creator="created_by"):
    """Return a Q that selects the objects `user` may change.

    The keyword arguments are lookup paths from the queried model to its provider,
    municipality and creator; pass None for a path the model does not have.
    """
    roles = roles_of(user)
    if not roles.is_authenticated:
        return Q(pk__in=[])
    if roles.is_administrator:
        return Q()
    condition = Q(pk__in=[])
    if municipality and roles.municipality_ids:
        condition |= Q(**{f"{municipality}__in": roles.municipality_ids})
    if provider and roles.provider_ids:
        condition |= Q(**{f"{provider}__in": roles.provider_ids})
    if creator and provider:
        condition |= Q(**{f"{provider}__isnull": True, creator: roles.user_id})
    elif creator:
        condition |= Q(**{creator: roles.user_id})
    return condition


def can_edit(user, obj, *, provider_id=None, municipality_id=None, creator_id=None):
    """Return True when `user` may change `obj` (an object with provider, municipality, creator).

    The ids default to the object's own `provider_id`, `municipality_id` and `created_by_id`.
    """
    roles = roles_of(user)
    if not roles.is_authenticated:
        return False
    if roles.is_administrator:
        return True
    provider_id = provider_id if provider_id is not None else getattr(obj, "provider_id", None)
    municipality_id = (
        municipality_id if municipality_id is not None else getattr(obj, "municipality_id", None)
    )
    creator_id = creator_id if creator_id is not None else getattr(obj, "created_by_id", None)
    if municipality_id is not None and municipality_id in roles.municipality_ids:
        return True
    if provider_id is not None:
        return provider_id in roles.provider_ids
    return creator_id is not None and creator_id == roles.user_id


def can_manage_provider(user, provider):
    """Return True when `user` may change the provider itself and its members."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return False
    if roles.is_administrator:
        return True
    if provider.municipality_id is not None and provider.municipality_id in roles.municipality_ids:
        return True
    return provider.pk in roles.admin_provider_ids


def manageable_providers_q(user):
    """Return a Q over Provider for the providers whose details `user` may change."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return Q(pk__in=[])
    if roles.is_administrator:
        return Q()
    return Q(pk__in=roles.admin_provider_ids) | Q(municipality__in=roles.municipality_ids)


def usable_providers_q(user):
    """Return a Q over Provider for the providers whose hobbies, locations and promotions
    `user` may manage: the user's own providers (any role), those of the municipalities the
    user moderates, or every provider for an administrator."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return Q(pk__in=[])
    if roles.is_administrator:
        return Q()
    return Q(pk__in=roles.provider_ids) | Q(municipality__in=roles.municipality_ids)


def default_municipality_id(user):
    """Return the municipality that an object created by a moderator belongs to, or None.

    A moderator of several municipalities gets the one with the lowest code, so that the
    choice is stable.
    """
    roles = roles_of(user)
    if not roles.municipality_ids:
        return None
    from places.models import Municipality

    return (
        Municipality.objects.filter(pk__in=roles.municipality_ids)
        .order_by("code")
        .values_list("pk", flat=True)
        .first()
    )


def shared_places_q():
    """Return a Q over Location for the places imported from open data that no provider
    maintains, such as LIPAS sports places."""
    return ~Q(data_source="") & Q(provider__isnull=True)


def usable_locations_q(user):
    """Return a Q over Location for the locations `user` may choose for a hobby or promotion:
    those it may change, and the shared places imported from open data (LIPAS sports places,
    for example) that no provider maintains. An administrator may choose every location."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return Q(pk__in=[])
    if roles.is_administrator:
        return Q()
    return editable_q(user) | shared_places_q()


def location_choices_q(user):
    """Return a Q over Location for the portal's location choices: the locations `user` may
    change, and the shared open-data places in the municipalities of its providers and of
    its moderation. Shared places elsewhere stay usable through the API but are left out of
    the choices, because a national list of sports places is too long to choose from."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return Q(pk__in=[])
    if roles.is_administrator:
        return Q()
    from providers.models import Provider

    municipality_ids = set(roles.municipality_ids)
    municipality_ids.update(
        Provider.objects.filter(pk__in=roles.provider_ids, municipality__isnull=False).values_list(
            "municipality_id", flat=True
        )
    )
    return editable_q(user) | (shared_places_q() & Q(municipality_id__in=municipality_ids))


def can_use_portal(user):
    """Return True when `user` has any role that the provider portal serves."""
    roles = roles_of(user)
    return roles.is_authenticated and (roles.is_administrator or roles.is_moderator or bool(roles.provider_ids))


def can_view_provider(user, provider):
    """Return True when `user` may see the provider's page, members and history.

    Every member sees it, whatever the role, and so do the moderators of its municipality.
    """
    roles = roles_of(user)
    if not roles.is_authenticated:
        return False
    if roles.is_administrator or provider.pk in roles.provider_ids:
        return True
    return provider.municipality_id is not None and provider.municipality_id in roles.municipality_ids


def can_moderate(user, obj, *, municipality_id=None):
    """Return True when `user` moderates the municipality of `obj` (or is an administrator)."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return False
    if roles.is_administrator:
        return True
    municipality_id = municipality_id if municipality_id is not None else getattr(obj, "municipality_id", None)
    return municipality_id is not None and municipality_id in roles.municipality_ids


def moderated_q(user, *, municipality="municipality"):
    """Return a Q that selects the objects in the municipalities `user` moderates."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return Q(pk__in=[])
    if roles.is_administrator:
        return Q()
    return Q(**{f"{municipality}__in": roles.municipality_ids})


def audit_visible_q(user):
    """Return a Q over audit.AuditLogEntry for the rows `user` may read.

    Provider members read their organizations' rows, moderators their municipalities' rows,
    administrators every row.
    """
    roles = roles_of(user)
    if not roles.is_authenticated:
        return Q(pk__in=[])
    if roles.is_administrator:
        return Q()
    return Q(provider__in=roles.provider_ids) | Q(municipality__in=roles.municipality_ids)
