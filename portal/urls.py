"""URLs of the portal pages, under /portal/ in every language (i18n_patterns)."""

from django.urls import path

from .views import (
    audit,
    dashboard,
    hobbies,
    imports,
    locations,
    moderation,
    promotions,
    providers,
    schedules,
)
from .views.accounts import accept_invitation_view

app_name = "portal"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("hobbies/", hobbies.hobby_list, name="hobby-list"),
    path("hobbies/new/", hobbies.hobby_form, name="hobby-create"),
    path("hobbies/<int:pk>/", hobbies.hobby_form, name="hobby-edit"),
    path("hobbies/<int:pk>/duplicate/", hobbies.hobby_duplicate, name="hobby-duplicate"),
    path("hobbies/<int:pk>/status/", hobbies.hobby_status, name="hobby-status"),
    path("hobbies/<int:pk>/delete/", hobbies.hobby_delete, name="hobby-delete"),
    path("hobbies/<int:pk>/preview/", hobbies.hobby_preview, name="hobby-preview"),
    path("hobbies/<int:pk>/schedule/", schedules.hobby_schedule, name="hobby-schedule"),
    path("hobbies/<int:pk>/schedules/<int:schedule_pk>/delete/", schedules.schedule_delete, name="schedule-delete"),
    path("sessions/<int:pk>/cancel/", schedules.session_cancel, name="session-cancel"),
    path("locations/", locations.location_list, name="location-list"),
    path("locations/new/", locations.location_form, name="location-create"),
    path("locations/<int:pk>/", locations.location_form, name="location-edit"),
    path("locations/geocode/", locations.geocode, name="geocode"),
    path("import/", imports.upload, name="bulk-import"),
    path("import/template.<str:file_format>", imports.template, name="bulk-import-template"),
    path("import/preview/", imports.preview, name="bulk-import-preview"),
    path("providers/", providers.provider_list, name="provider-list"),
    path("providers/new/", providers.provider_form, name="provider-create"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider-detail"),
    path("providers/<int:pk>/edit/", providers.provider_form, name="provider-edit"),
    path("providers/<int:pk>/invite/", providers.member_invite, name="member-invite"),
    path("providers/<int:pk>/members/<int:membership_pk>/role/", providers.member_role, name="member-role"),
    path("providers/<int:pk>/members/<int:membership_pk>/remove/", providers.member_remove, name="member-remove"),
    path(
        "providers/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        providers.invitation_revoke,
        name="invitation-revoke",
    ),
    path("invitations/<str:token>/", accept_invitation_view, name="invitation"),
    path("promotions/", promotions.promotion_list, name="promotion-list"),
    path("promotions/new/", promotions.promotion_form, name="promotion-create"),
    path("promotions/<int:pk>/", promotions.promotion_form, name="promotion-edit"),
    path("promotions/<int:pk>/uses/", promotions.promotion_uses, name="promotion-uses"),
    path("promotions/redeem/", promotions.redeem, name="promotion-redeem"),
    path("moderation/", moderation.queue, name="moderation-queue"),
    path("moderation/<int:pk>/", moderation.moderate, name="moderate"),
    path("audit/", audit.audit_log, name="audit-log"),
]
