"""The weekly schedule builder and the list of a hobby's sessions, with cancelling."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import editable_q
from hobbies.models import HobbyEvent, WeeklySchedule
from hobbies.services import cancel_session, delete_schedule, preview_schedule, save_schedule
from hobbies.timeutils import local_today

from ..forms.hobbies import ScheduleForm
from .common import add_service_errors, id_parameter, object_or_404, portal_view
from .hobbies import editable_hobbies

SESSIONS_SHOWN = 100


@portal_view
def hobby_schedule(request, pk):
    hobby = object_or_404(editable_hobbies(request.user), pk)
    schedule_id = id_parameter(request.GET, "schedule")
    if schedule_id is None:
        schedule_id = id_parameter(request.POST, "schedule")
    schedule = WeeklySchedule(hobby=hobby)
    if schedule_id is not None:
        schedule = object_or_404(hobby.schedules.all(), schedule_id)

    preview = None
    preview_horizon = None
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            form.apply(schedule)
            if request.POST.get("action") == "save":
                try:
                    result = save_schedule(schedule, acting_user=request.user)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "The schedule is saved: %(created)s new session, %(deleted)s removed.",
                            "The schedule is saved: %(created)s new sessions, %(deleted)s removed.",
                            result.created,
                        )
                        % {"created": result.created, "deleted": result.deleted},
                    )
                    return redirect("portal:hobby-schedule", pk=hobby.pk)
            else:
                preview = preview_schedule(schedule)
                horizon = local_today() + dt.timedelta(days=settings.SCHEDULE_HORIZON_DAYS)
                if schedule.last_date > horizon:
                    preview_horizon = horizon
    else:
        form = ScheduleForm(initial=ScheduleForm.initial_from(schedule) if schedule.pk else None)

    now = timezone.now()
    sessions = list(hobby.events.filter(end_at__gt=now).order_by("start_at", "id")[: SESSIONS_SHOWN + 1])
    return render(
        request,
        "portal/hobbies/schedule.html",
        {
            "hobby": hobby,
            "form": form,
            "schedule": schedule,
            "schedules": hobby.schedules.all(),
            "preview": preview,
            "preview_horizon": preview_horizon,
            "sessions": sessions[:SESSIONS_SHOWN],
            "more_sessions": len(sessions) > SESSIONS_SHOWN,
            "page_title": _("Schedule and sessions"),
        },
    )


@portal_view
@require_POST
def schedule_delete(request, pk, schedule_pk):
    hobby = object_or_404(editable_hobbies(request.user), pk)
    schedule = object_or_404(hobby.schedules.all(), schedule_pk)
    delete_schedule(schedule, acting_user=request.user)
    messages.success(request, _("The weekly schedule and its upcoming sessions are deleted."))
    return redirect("portal:hobby-schedule", pk=hobby.pk)


@portal_view
@require_POST
def session_cancel(request, pk):
    sessions = HobbyEvent.objects.filter(
        editable_q(request.user, provider="hobby__provider", municipality="hobby__municipality", creator="hobby__created_by")
    ).select_related("hobby")
    session = object_or_404(sessions, pk)
    action = request.POST.get("action")
    if action not in ("cancel", "restore"):
        messages.error(request, _("Nothing was changed: choose Cancel the session or Restore."))
        return redirect("portal:hobby-schedule", pk=session.hobby_id)
    cancelled = action == "cancel"
    cancel_session(session, cancelled=cancelled, acting_user=request.user)
    if cancelled:
        messages.success(request, _("The session is cancelled: pupils see it as cancelled."))
    else:
        messages.success(request, _("The session is restored."))
    return redirect("portal:hobby-schedule", pk=session.hobby_id)
