"""Hobby pages: list, create, edit, duplicate, preview, publish and unpublish, delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import editable_q, usable_providers_q
from hobbies.models import Hobby, HobbyEvent, WeeklySchedule
from hobbies.services import (
    delete_hobby,
    duplicate_hobby,
    publish_hobby,
    save_hobby,
    unpublish_hobby,
)
from hobbies.timeutils import local_today
from providers.models import Provider

from ..forms.hobbies import HobbyForm
from .common import (
    add_service_errors,
    claim_submission,
    filter_by_id,
    id_parameter,
    is_storable_id,
    object_or_404,
    page_of,
    portal_view,
    release_submission,
    search_text,
    submission_token,
)

UPCOMING_SESSIONS_SHOWN = 12


def editable_hobbies(user):
    return Hobby.objects.filter(editable_q(user))


@portal_view
def hobby_list(request):
    hobbies = editable_hobbies(request.user).select_related("provider", "municipality").order_by("-updated_at", "-id")
    query = search_text(request)
    if query:
        condition = Q()
        for code in ("fi", "sv", "en"):
            condition |= Q(**{f"name_{code}__icontains": query})
        hobbies = hobbies.filter(condition)
    status = request.GET.get("status", "")
    if status in Hobby.Status.values:
        hobbies = hobbies.filter(status=status)
    provider_id = id_parameter(request.GET, "provider")
    providers = Provider.objects.filter(usable_providers_q(request.user)).order_by("name_fi", "id")
    if provider_id is not None:
        hobbies = filter_by_id(hobbies, "provider_id", provider_id)
    return render(
        request,
        "portal/hobbies/list.html",
        {
            "page": page_of(request, hobbies),
            "query": query,
            "status": status,
            "statuses": Hobby.Status.choices,
            "providers": providers,
            "provider_id": provider_id,
            "page_title": _("Hobbies"),
        },
    )


@portal_view
def hobby_form(request, pk=None):
    hobby = object_or_404(editable_hobbies(request.user), pk) if pk else Hobby()
    if request.method == "POST":
        form = HobbyForm(request.POST, request.FILES, instance=hobby, user=request.user)
        if form.is_valid() and pk is None and not claim_submission(request):
            messages.info(request, _("The form was sent twice, so it was saved only once."))
            return redirect("portal:hobby-list")
        if form.is_valid():
            hobby = form.save(commit=False)
            try:
                hobby = save_hobby(
                    hobby,
                    acting_user=request.user,
                    categories=form.cleaned_data["categories"],
                    languages=form.selected_languages(),
                    cover_image=form.cleaned_data.get("cover_upload"),
                    clear_cover_image=form.cleaned_data.get("clear_cover") and not form.cleaned_data.get("cover_upload"),
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                release_submission(request)
                add_service_errors(form, error)
                if getattr(error, "code", None) == "changed_meanwhile":
                    form.show_stored_version()
            else:
                messages.success(request, _("The hobby “%(name)s” is saved.") % {"name": hobby.name})
                if pk is None:
                    return redirect("portal:hobby-schedule", pk=hobby.pk)
                return redirect("portal:hobby-edit", pk=hobby.pk)
    else:
        initial = {}
        provider_id = id_parameter(request.GET, "provider")
        if pk is None and is_storable_id(provider_id):
            initial["provider"] = provider_id
        form = HobbyForm(instance=hobby, user=request.user, initial=initial)
        providers = form.fields["provider"].queryset
        if pk is None and not form.initial.get("provider") and providers.count() == 1:
            form.initial["provider"] = providers.get().pk
    return render(
        request,
        "portal/hobbies/form.html",
        {
            "form": form,
            "hobby": hobby if hobby.pk else None,
            "submission": None if pk else submission_token(request),
            "page_title": _("Edit the hobby") if hobby.pk else _("New hobby"),
        },
    )


@portal_view
@require_POST
def hobby_duplicate(request, pk):
    hobby = object_or_404(editable_hobbies(request.user), pk)
    copy = duplicate_hobby(hobby, acting_user=request.user)
    messages.success(request, _("A copy was made as a draft. Edit it and publish it when it is ready."))
    return redirect("portal:hobby-edit", pk=copy.pk)


@portal_view
@require_POST
def hobby_status(request, pk):
    hobby = object_or_404(editable_hobbies(request.user), pk)
    action = request.POST.get("action")
    if action == "publish":
        publish_hobby(hobby, acting_user=request.user)
        messages.success(request, _("The hobby is published: pupils see it in the youth app."))
    elif action == "unpublish":
        unpublish_hobby(hobby, acting_user=request.user)
        messages.success(request, _("The hobby is unpublished: pupils no longer see it."))
    return redirect("portal:hobby-edit", pk=hobby.pk)


@portal_view
def hobby_delete(request, pk):
    hobby = object_or_404(editable_hobbies(request.user), pk)
    if request.method == "POST":
        name = hobby.name
        delete_hobby(hobby, acting_user=request.user)
        messages.success(request, _("The hobby “%(name)s” is deleted.") % {"name": name})
        return redirect("portal:hobby-list")
    return render(
        request, "portal/hobbies/delete.html", {"hobby": hobby, "page_title": _("Delete the hobby")}
    )


@portal_view
def hobby_preview(request, pk):
    """Show the hobby as the youth app shows it, also while it is a draft.

    The context is the one youth.views.hobby_detail gives its template.
    """
    now = timezone.now()
    hobby = object_or_404(
        editable_hobbies(request.user)
        .select_related("provider", "location", "municipality", "next_event")
        .prefetch_related("categories", "languages"),
        pk,
    )
    upcoming = HobbyEvent.objects.filter(hobby=hobby, end_at__gt=now).order_by("start_at", "id")
    sessions = list(upcoming[: UPCOMING_SESSIONS_SHOWN + 1])
    location = hobby.location
    return render(
        request,
        "portal/hobbies/preview.html",
        {
            "hobby": hobby,
            "sessions": sessions[:UPCOMING_SESSIONS_SHOWN],
            "more_sessions": max(0, upcoming.count() - UPCOMING_SESSIONS_SHOWN),
            "schedules": list(
                WeeklySchedule.objects.filter(hobby=hobby, last_date__gte=local_today(now)).order_by(
                    "first_date", "start_time", "id"
                )
            ),
            "has_point": location is not None and location.has_coordinates,
            "absolute_url": request.build_absolute_uri(reverse("youth:hobby-detail", args=[hobby.pk])),
            "page_title": hobby.name or _("Hobby"),
        },
    )
