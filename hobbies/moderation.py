"""Moderation of published hobbies by their municipality's moderators.

A published hobby enters the queue (status "pending") when someone other than a moderator
of its municipality publishes or changes it; it stays visible to pupils meanwhile, so
publishing stays quick. A moderator approves it, asks for changes with a message, or
unpublishes it. The provider's members get the message by e-mail in their own language
and see it in the portal.
"""

import logging

from django.db import transaction
from django.utils import timezone

from audit.log import record

from . import errors
from .models import Hobby

logger = logging.getLogger(__name__)


def moderation_queue(queryset):
    """Return the hobbies of `queryset` that wait for review, oldest change first."""
    return queryset.filter(
        status=Hobby.Status.PUBLISHED, moderation_status=Hobby.Moderation.PENDING
    ).order_by("moderation_changed_at", "id")


def _set_moderation(hobby, moderation_status, *, acting_user, message, status=None):
    old = {"moderation_status": hobby.moderation_status, "status": hobby.status}
    hobby.moderation_status = moderation_status
    hobby.moderation_message = message
    hobby.moderation_changed_at = timezone.now()
    hobby.moderated_by = acting_user
    fields = ["moderation_status", "moderation_message", "moderation_changed_at", "moderated_by", "updated_at"]
    if status is not None:
        hobby.status = status
        fields.append("status")
    hobby.save(update_fields=fields)
    changes = {"moderation_status": [old["moderation_status"], moderation_status]}
    if status is not None and status != old["status"]:
        changes["status"] = [old["status"], status]
    if message:
        changes["moderation_message"] = [None, message]
    return changes


@transaction.atomic
def approve_hobby(hobby, *, acting_user, expected_version=None):
    """Approve the hobby. `expected_version` is its `content_version` as the moderator saw
    it. When the hobby has changed since, nothing is approved and a ValidationError is raised."""
    if expected_version:
        from .services import content_version, hobby_snapshot

        stored = Hobby.objects.select_for_update().filter(pk=hobby.pk).first()
        if stored is None or content_version(hobby_snapshot(stored)) != expected_version:
            raise errors.message("approved_version_changed", name=hobby.name)
    changes = _set_moderation(hobby, Hobby.Moderation.APPROVED, acting_user=acting_user, message="")
    record("hobby.moderation.approved", hobby, actor=acting_user, changes=changes)
    logger.info("Approved hobby %s", hobby.pk)
    return hobby


@transaction.atomic
def request_changes(hobby, *, acting_user, message, site_url=""):
    """Ask the provider to change the hobby; it stays published and leaves the queue until
    the provider changes it again.

    `site_url` (scheme and host, such as https://harrastuspassi.fi) makes the e-mail link to
    the hobby's page in the portal absolute. Without it the e-mail has no link.
    """
    changes = _set_moderation(hobby, Hobby.Moderation.CHANGES_REQUESTED, acting_user=acting_user, message=message)
    record("hobby.moderation.changes_requested", hobby, actor=acting_user, changes=changes)
    _notify_after_commit(hobby, "changes_requested", site_url)
    logger.info("Requested changes to hobby %s", hobby.pk)
    return hobby


@transaction.atomic
def unpublish_by_moderator(hobby, *, acting_user, message="", site_url=""):
    """Take a hobby off the youth app (back to draft) with an optional message. `site_url`
    is as in `request_changes`."""
    changes = _set_moderation(
        hobby,
        Hobby.Moderation.CHANGES_REQUESTED,
        acting_user=acting_user,
        message=message,
        status=Hobby.Status.DRAFT,
    )
    record("hobby.moderation.unpublished", hobby, actor=acting_user, changes=changes)
    _notify_after_commit(hobby, "unpublished", site_url)
    logger.info("Unpublished hobby %s in moderation", hobby.pk)
    return hobby


def _notify_after_commit(hobby, kind, site_url):
    if hobby.provider_id is None:
        return
    hobby_id = hobby.pk
    transaction.on_commit(lambda: notify_provider(hobby_id, kind, site_url=site_url))


def notify_provider(hobby_id, kind, *, site_url=""):
    """E-mail the moderator's message to every member of the hobby's provider."""
    from accounts.mail import send_to_users

    hobby = Hobby.objects.select_related("provider").filter(pk=hobby_id).first()
    if hobby is None or hobby.provider is None:
        return 0
    members = hobby.provider.members.filter(is_active=True).order_by("pk")
    return send_to_users(
        members,
        f"hobbies/email/moderation_{kind}_subject.txt",
        "hobbies/email/moderation_body.txt",
        {"hobby": hobby, "kind": kind, "message": hobby.moderation_message, "site_url": site_url.rstrip("/")},
    )
