from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.access import audit_visible_q, editable_q, moderated_q, roles_of, usable_providers_q
from audit.models import AuditLogEntry
from hobbies.models import Hobby
from hobbies.moderation import moderation_queue
from providers.models import Provider

from .common import portal_view

RECENT_CHANGES_SHOWN = 8


@portal_view
def dashboard(request):
    user = request.user
    roles = roles_of(user)
    hobbies = Hobby.objects.filter(editable_q(user))
    counts = dict(hobbies.order_by().values_list("status").annotate(total=Count("id")))
    is_moderator = roles.is_administrator or roles.is_moderator
    return render(
        request,
        "portal/dashboard.html",
        {
            "providers": Provider.objects.filter(usable_providers_q(user)).order_by("name_fi", "id")[:20],
            "counts": [(label, counts.get(value, 0)) for value, label in Hobby.Status.choices],
            "changes_requested": hobbies.filter(moderation_status=Hobby.Moderation.CHANGES_REQUESTED)
            .select_related("provider")
            .order_by("-moderation_changed_at")[:20],
            "is_moderator": is_moderator,
            "queue_count": moderation_queue(Hobby.objects.filter(moderated_q(user))).count() if is_moderator else 0,
            "recent_changes": AuditLogEntry.objects.filter(audit_visible_q(user))[:RECENT_CHANGES_SHOWN],
            "page_title": _("Overview"),
        },
    )
