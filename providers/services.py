"""Creating and changing providers. The API, the portal and commands call these."""

import logging

from django.db import transaction

from accounts.access import default_municipality_id, forget_roles

from .models import Provider, ProviderMembership

logger = logging.getLogger(__name__)


@transaction.atomic
def create_provider(provider, *, acting_user):
    """Save a new provider and make its creator the provider's admin member.

    A provider created by a municipal moderator belongs to the moderator's municipality.
    """
    provider.created_by = acting_user
    if provider.municipality_id is None:
        provider.municipality_id = default_municipality_id(acting_user)
    provider.full_clean(exclude=["municipality", "created_by"])
    provider.save()
    ProviderMembership.objects.create(user=acting_user, provider=provider, role=ProviderMembership.Role.ADMIN)
    forget_roles(acting_user)
    logger.info("Created provider %s", provider.pk)
    return provider


@transaction.atomic
def save_provider(provider):
    provider.full_clean(exclude=["municipality", "created_by"])
    provider.save()
    return provider


@transaction.atomic
def delete_provider(provider):
    """Delete a provider; its hobbies and locations stay, without a provider."""
    provider_id = provider.pk
    provider.delete()
    logger.info("Deleted provider %s", provider_id)


__all__ = ["Provider", "create_provider", "delete_provider", "save_provider"]
