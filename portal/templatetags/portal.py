"""Template tags of the portal: the navigation and the audit log's labels and values."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import roles_of

register = template.Library()

# (URL name, label, who sees it): "member" = anyone with a portal role.
NAVIGATION = [
    ("portal:dashboard", _("Overview"), "member"),
    ("portal:hobby-list", _("Hobbies"), "member"),
    ("portal:location-list", _("Locations"), "member"),
    ("portal:bulk-import", _("Bulk import"), "member"),
    ("portal:promotion-list", pgettext_lazy("promotion list", "Promotions"), "member"),
    ("portal:provider-list", _("Providers"), "member"),
    ("portal:moderation-queue", _("Moderation queue"), "moderator"),
    ("portal:audit-log", _("Audit log"), "member"),
    ("analytics:index", _("Analytics"), "moderator"),
]


@register.inclusion_tag("portal/_navigation.html", takes_context=True)
def portal_navigation(context):
    request = context["request"]
    roles = roles_of(request.user)
    is_moderator = roles.is_administrator or roles.is_moderator
    items = []
    for url_name, label, audience in NAVIGATION:
        if audience == "moderator" and not is_moderator:
            continue
        url = reverse(url_name)
        current = request.path == url or (url != reverse("portal:dashboard") and request.path.startswith(url))
        items.append({"url": url, "label": label, "current": current})
    return {"items": items}


ACTION_LABELS = {
    "hobby.created": _("Hobby created"),
    "hobby.updated": _("Hobby changed"),
    "hobby.duplicated": _("Hobby duplicated"),
    "hobby.published": _("Hobby published"),
    "hobby.unpublished": _("Hobby unpublished"),
    "hobby.archived": _("Hobby archived"),
    "hobby.deleted": _("Hobby deleted"),
    "hobby.moderation.approved": _("Approved by a moderator"),
    "hobby.moderation.changes_requested": _("Changes requested by a moderator"),
    "hobby.moderation.unpublished": _("Unpublished by a moderator"),
    "session.created": _("Session added"),
    "session.updated": _("Session changed"),
    "session.cancelled": _("Session cancelled"),
    "session.restored": _("Session restored"),
    "session.deleted": _("Session deleted"),
    "schedule.created": _("Weekly schedule added"),
    "schedule.updated": _("Weekly schedule changed"),
    "schedule.deleted": _("Weekly schedule deleted"),
    "location.created": _("Location created"),
    "location.updated": _("Location changed"),
    "location.deleted": _("Location deleted"),
    "provider.created": _("Provider created"),
    "provider.updated": _("Provider changed"),
    "provider.deleted": _("Provider deleted"),
    "member.invited": _("Member invited"),
    "member.invitation_revoked": _("Invitation revoked"),
    "member.joined": _("Member joined"),
    "member.role_changed": _("Member's role changed"),
    "member.removed": _("Member removed"),
    "promotion.created": _("Promotion created"),
    "promotion.updated": _("Promotion changed"),
    "promotion.deleted": _("Promotion deleted"),
    "promotion.use_honoured": _("Redemption code confirmed"),
}


@register.filter
def action_label(code):
    return ACTION_LABELS.get(code, code)
