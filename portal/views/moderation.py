"""The moderation queue of a moderator's municipalities, and its actions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import moderated_q, roles_of
from hobbies.models import Hobby
from hobbies.moderation import (
    approve_hobby,
    moderation_queue,
    request_changes,
    unpublish_by_moderator,
)
from hobbies.services import content_version, hobby_snapshot

from .common import object_or_404, page_of, portal_view


class ModerationForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the provider"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when you ask for changes. The provider's members get it by e-mail."),
    )


def moderator_view(view):
    """Let only moderators and administrators in; others get a 404, as for any page not theirs."""

    @portal_view
    def wrapper(request, *args, **kwargs):
        roles = roles_of(request.user)
        if not (roles.is_administrator or roles.is_moderator):
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def moderated_hobbies(user):
    return Hobby.objects.filter(moderated_q(user))


@moderator_view
def queue(request):
    hobbies = (
        moderation_queue(moderated_hobbies(request.user))
        .select_related("provider", "municipality")
        .prefetch_related("categories", "languages")
    )
    page = page_of(request, hobbies)
    for hobby in page.object_list:
        hobby.content_version = content_version(hobby_snapshot(hobby))
    return render(
        request,
        "portal/moderation/queue.html",
        {"page": page, "page_title": _("Moderation queue"), "form": ModerationForm()},
    )


@moderator_view
@require_POST
def moderate(request, pk):
    hobby = object_or_404(moderated_hobbies(request.user), pk)
    form = ModerationForm(request.POST)
    action = request.POST.get("action")
    if not form.is_valid():
        messages.error(request, _("The message is too long: at most 4000 characters."))
        return redirect("portal:moderation-queue")
    message = form.cleaned_data["message"].strip()
    if action == "approve":
        try:
            approve_hobby(hobby, acting_user=request.user, expected_version=request.POST.get("version", "")[:64])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("“%(name)s” is approved.") % {"name": hobby.name})
    elif action == "request_changes":
        if not message:
            messages.error(request, _("Write a message that tells the provider what to change."))
            return redirect("portal:moderation-queue")
        request_changes(hobby, acting_user=request.user, message=message, site_url=request.build_absolute_uri("/"))
        messages.success(request, _("The provider was asked to change “%(name)s”.") % {"name": hobby.name})
    elif action == "unpublish":
        unpublish_by_moderator(
            hobby, acting_user=request.user, message=message, site_url=request.build_absolute_uri("/")
        )
        messages.success(request, _("“%(name)s” is unpublished.") % {"name": hobby.name})
    else:
        messages.error(request, _("Nothing was changed: choose Approve, Request changes or Unpublish."))
    return redirect("portal:moderation-queue")
