"""Creating and changing providers, their members and invitations.

The API, the portal and commands call these. Each change writes an audit row in the same
transaction; e-mails go out only after the transaction commits.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from accounts.access import default_municipality_id, forget_roles
from audit.log import changes_between, record, snapshot, stored_snapshot

from . import errors
from .models import Invitation, Provider, ProviderMembership

logger = logging.getLogger(__name__)


@transaction.atomic
def create_provider(provider, *, acting_user, require_municipality=True):
    """Save a new provider and make its creator the provider's admin member.

    A new provider needs a municipality, so that the moderators of that municipality review
    the hobbies of the provider that have no location of their own. A provider created by a
    municipal moderator belongs to the moderator's municipality by default. API v1 clients
    create organizers from a name alone (`require_municipality=False`); such a provider
    takes the municipality of its first location (places.services.save_location).
    """
    provider.created_by = acting_user
    if provider.municipality_id is None:
        provider.municipality_id = default_municipality_id(acting_user)
    if provider.municipality_id is None and require_municipality:
        raise ValidationError({"municipality": [errors.message("municipality_required")]})
    provider.full_clean(exclude=["municipality", "created_by"])
    provider.save()
    ProviderMembership.objects.create(user=acting_user, provider=provider, role=ProviderMembership.Role.ADMIN)
    forget_roles(acting_user)
    record(
        "provider.created", provider, actor=acting_user, changes=changes_between({}, snapshot(provider)),
        provider_id=provider.pk,
    )
    logger.info("Created provider %s", provider.pk)
    return provider


@transaction.atomic
def save_provider(provider, *, acting_user=None):
    before = stored_snapshot(Provider, provider.pk)
    provider.full_clean(exclude=["municipality", "created_by"])
    provider.save()
    changes = changes_between(before, snapshot(provider))
    if changes:
        record("provider.updated", provider, actor=acting_user, changes=changes, provider_id=provider.pk)
    return provider


@transaction.atomic
def delete_provider(provider, *, acting_user=None):
    """Delete a provider; its hobbies and locations stay, without a provider."""
    provider_id = provider.pk
    record("provider.deleted", provider, actor=acting_user, provider_id=provider_id)
    provider.delete()
    logger.info("Deleted provider %s", provider_id)


# --- Members and invitations ----------------------------------------------------------------


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _record_member(action, membership, *, actor, changes=None):
    record(
        action,
        membership,
        actor=actor,
        changes=changes,
        provider_id=membership.provider_id,
        municipality_id=membership.provider.municipality_id,
        label=f"{membership.user.email or membership.user.get_username()} ({membership.provider})",
    )


@transaction.atomic
def invite_member(provider, email, role, *, acting_user, accept_url):
    """Create an invitation to `provider` for `email` and e-mail its link after commit.

    `accept_url` turns the secret token into the absolute link of the acceptance page. An
    earlier pending invitation for the same address is revoked, so only the newest link works.
    Returns the invitation.
    """
    email = get_user_model().objects.normalize_email(email.strip())
    if ProviderMembership.objects.filter(provider=provider, user__email__iexact=email).exists():
        raise ValidationError({"email": errors.message("already_member", email=email, provider=provider.name)})
    now = timezone.now()
    Invitation.objects.pending(now).filter(provider=provider, email__iexact=email).update(revoked_at=now)

    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        provider=provider,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=acting_user,
        expires_at=now + settings.INVITATION_LIFETIME,
    )
    record(
        "member.invited",
        invitation,
        actor=acting_user,
        changes={"email": [None, email], "role": [None, role]},
        provider_id=provider.pk,
        municipality_id=provider.municipality_id,
    )
    existing = get_user_model().objects.filter(email__iexact=email).first()
    language = existing.preferred_language if existing else translation.get_language()
    with translation.override(language):
        link = accept_url(token)  # the acceptance page in the language of the e-mail
    transaction.on_commit(lambda: _send_invitation(invitation, link, language))
    logger.info("Invited an address to provider %s as %s", provider.pk, role)
    return invitation


def _send_invitation(invitation, link, language):
    from accounts.mail import send_in_language

    context = {"invitation": invitation, "provider": invitation.provider, "link": link}
    try:
        send_in_language(
            invitation.email,
            language,
            "providers/email/invitation_subject.txt",
            "providers/email/invitation_body.txt",
            context,
        )
    except OSError:  # smtplib.SMTPException and connection errors
        logger.exception("Sending invitation %s failed", invitation.pk)


def pending_invitation(token):
    """Return the pending invitation for the token in a link, or None."""
    if not token:
        return None
    return Invitation.objects.pending().select_related("provider").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def accept_invitation(invitation, user):
    """Make `user` a member of the invitation's provider and use up the invitation.

    The user's e-mail address must be the invited one. A member invited again keeps the
    higher of the two roles.
    """
    invitation = Invitation.objects.select_for_update().select_related("provider").get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at or invitation.expires_at <= timezone.now():
        raise errors.message("invitation_invalid")
    if (user.email or "").lower() != invitation.email.lower():
        raise errors.message("invitation_wrong_email", email=invitation.email)

    membership, created = ProviderMembership.objects.get_or_create(
        user=user, provider=invitation.provider, defaults={"role": invitation.role}
    )
    if not created and invitation.role == ProviderMembership.Role.ADMIN and membership.role != invitation.role:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    _record_member("member.joined", membership, actor=user, changes={"role": [None, membership.role]})
    logger.info("User %s accepted invitation %s", user.pk, invitation.pk)
    return membership


@transaction.atomic
def create_account_and_accept(invitation, *, password, first_name="", last_name=""):
    """Create an account for the invited address with `password` and accept the invitation.

    `password` must have passed the password validators. Raises ValidationError when an
    account with the address exists: its owner signs in and accepts instead.
    """
    User = get_user_model()
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise errors.message("invitation_account_exists", email=invitation.email)
    username = invitation.email.lower()[:150]
    if User.objects.filter(username=username).exists():
        username = f"{username[:140]}-{secrets.token_hex(4)}"
    user = User.objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        preferred_language=(translation.get_language() or settings.LANGUAGE_CODE)[:2],
    )
    accept_invitation(invitation, user)
    return user


@transaction.atomic
def revoke_invitation(invitation, *, acting_user):
    """Revoke an invitation that is still open; an accepted or revoked one stays as it is.

    The row is locked and read again, as accept_invitation does, so that an invitation
    revoked while it is being accepted ends up either accepted or revoked, never both.
    """
    stored = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if stored is None:
        return
    invitation.revoked_at = stored.revoked_at
    invitation.accepted_at = stored.accepted_at
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(
            "member.invitation_revoked",
            invitation,
            actor=acting_user,
            provider_id=invitation.provider_id,
            municipality_id=invitation.provider.municipality_id,
        )


def _lock_members(membership):
    """Lock the membership's provider row until the transaction ends, and reload the
    membership's role. Two concurrent changes of the provider's admins then run one after the
    other, and the second one reads the result of the first."""
    Provider.objects.select_for_update().filter(pk=membership.provider_id).values_list("pk", flat=True).first()
    stored_role = ProviderMembership.objects.filter(pk=membership.pk).values_list("role", flat=True).first()
    if stored_role is not None:
        membership.role = stored_role


def _ensure_other_admin(membership):
    others = ProviderMembership.objects.filter(
        provider_id=membership.provider_id, role=ProviderMembership.Role.ADMIN
    ).exclude(pk=membership.pk)
    if membership.role == ProviderMembership.Role.ADMIN and not others.exists():
        raise errors.message("last_admin", provider=membership.provider.name)


@transaction.atomic
def change_member_role(membership, role, *, acting_user):
    _lock_members(membership)
    if membership.role == role:
        return membership
    if role != ProviderMembership.Role.ADMIN:
        _ensure_other_admin(membership)
    old_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    forget_roles(membership.user)
    _record_member("member.role_changed", membership, actor=acting_user, changes={"role": [old_role, role]})
    return membership


@transaction.atomic
def remove_member(membership, *, acting_user):
    """Remove a member from a provider; the provider keeps at least one admin.

    A member already removed, for example by a second click that waited for the lock, is
    left alone, so the audit log records the removal once.
    """
    _lock_members(membership)
    if not ProviderMembership.objects.filter(pk=membership.pk).exists():
        return
    _ensure_other_admin(membership)
    _record_member("member.removed", membership, actor=acting_user, changes={"role": [membership.role, None]})
    membership.delete()
    forget_roles(membership.user)
    logger.info("Removed user %s from provider %s", membership.user_id, membership.provider_id)


__all__ = [
    "Provider",
    "accept_invitation",
    "change_member_role",
    "create_account_and_accept",
    "create_provider",
    "delete_provider",
    "invite_member",
    "pending_invitation",
    "remove_member",
    "revoke_invitation",
    "save_provider",
]
