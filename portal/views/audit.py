"""The audit log: what changed, who changed it and when, for the rows a user may read."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.access import audit_visible_q
from audit.display import describe_entries
from audit.models import AuditLogEntry

from .common import filter_by_id, id_parameter, page_of, portal_view

OBJECT_TYPES = (
    "hobby",
    "hobbyevent",
    "weeklyschedule",
    "location",
    "provider",
    "providermembership",
    "invitation",
    "promotion",
    "promotionuse",
)


@portal_view
def audit_log(request):
    entries = AuditLogEntry.objects.filter(audit_visible_q(request.user)).select_related("provider")
    filters = {}
    object_type = request.GET.get("object_type", "")
    if object_type in OBJECT_TYPES:
        entries = entries.filter(object_type=object_type)
        filters["object_type"] = object_type
    object_id = id_parameter(request.GET, "object_id")
    if object_id is not None:
        entries = filter_by_id(entries, "object_id", object_id)
        filters["object_id"] = object_id
    provider = id_parameter(request.GET, "provider")
    if provider is not None:
        entries = filter_by_id(entries, "provider_id", provider)
        filters["provider"] = provider
    page = page_of(request, entries)
    return render(
        request,
        "portal/audit/log.html",
        {"page": page, "rows": describe_entries(page.object_list), "filters": filters, "page_title": _("Audit log")},
    )
