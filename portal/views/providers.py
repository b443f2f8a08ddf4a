"""Provider pages: the providers a user works for, their details, members and invitations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_manage_provider, can_view_provider, usable_providers_q
from providers.models import Invitation, Provider, ProviderMembership
from providers.services import (
    change_member_role,
    create_provider,
    invite_member,
    remove_member,
    revoke_invitation,
    save_provider,
)

from ..forms.providers import InvitationForm, ProviderForm, RoleForm
from .common import add_service_errors, portal_view


def viewable_provider(user, pk):
    provider = Provider.objects.select_related("municipality").filter(pk=pk).first()
    if provider is None or not can_view_provider(user, provider):
        raise Http404
    return provider


def managed_provider(user, pk):
    provider = viewable_provider(user, pk)
    if not can_manage_provider(user, provider):
        raise Http404
    return provider


@portal_view
def provider_list(request):
    providers = Provider.objects.filter(usable_providers_q(request.user)).select_related("municipality")
    return render(
        request,
        "portal/providers/list.html",
        {"providers": providers.order_by("name_fi", "id"), "page_title": _("Providers")},
    )


@portal_view
def provider_detail(request, pk):
    provider = viewable_provider(request.user, pk)
    can_manage = can_manage_provider(request.user, provider)
    return render(
        request,
        "portal/providers/detail.html",
        {
            "provider": provider,
            "can_manage": can_manage,
            "memberships": provider.memberships.select_related("user").order_by("user__email", "pk"),
            "invitations": Invitation.objects.pending().filter(provider=provider) if can_manage else [],
            "invitation_form": InvitationForm(),
            "roles": ProviderMembership.Role.choices,
            "page_title": provider.name,
        },
    )


@portal_view
def provider_form(request, pk=None):
    provider = managed_provider(request.user, pk) if pk else Provider()
    if request.method == "POST":
        form = ProviderForm(request.POST, instance=provider, user=request.user)
        if form.is_valid():
            provider = form.save(commit=False)
            try:
                if provider.pk:
                    provider = save_provider(provider, acting_user=request.user)
                else:
                    provider = create_provider(provider, acting_user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The provider “%(name)s” is saved.") % {"name": provider.name})
                return redirect("portal:provider-detail", pk=provider.pk)
    else:
        form = ProviderForm(instance=provider, user=request.user)
    return render(
        request,
        "portal/providers/form.html",
        {
            "form": form,
            "provider": provider if provider.pk else None,
            "page_title": _("Edit the provider") if provider.pk else _("New provider"),
        },
    )


@portal_view
def member_invite(request, pk):
    provider = managed_provider(request.user, pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invite_member(
                provider,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                acting_user=request.user,
                accept_url=lambda token: request.build_absolute_uri(reverse("portal:invitation", args=[token])),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("portal:provider-detail", pk=provider.pk)
    return render(
        request,
        "portal/providers/invite.html",
        {"provider": provider, "form": form, "page_title": _("Invite a member")},
    )


def _membership(request, pk, membership_pk):
    provider = managed_provider(request.user, pk)
    membership = provider.memberships.select_related("user", "provider").filter(pk=membership_pk).first()
    if membership is None:
        raise Http404
    return provider, membership


@portal_view
@require_POST
def member_role(request, pk, membership_pk):
    provider, membership = _membership(request, pk, membership_pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            change_member_role(membership, form.cleaned_data["role"], acting_user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The role is changed."))
    else:
        roles = ", ".join(str(label) for _value, label in ProviderMembership.Role.choices)
        messages.error(
            request,
            _("The role “%(role)s” is unknown. The roles are: %(roles)s.")
            % {"role": request.POST.get("role", "")[:50], "roles": roles},
        )
    return redirect("portal:provider-detail", pk=provider.pk)


@portal_view
@require_POST
def member_remove(request, pk, membership_pk):
    provider, membership = _membership(request, pk, membership_pk)
    try:
        remove_member(membership, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The member is removed."))
    return redirect("portal:provider-detail", pk=provider.pk)


@portal_view
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    provider = managed_provider(request.user, pk)
    invitation = Invitation.objects.filter(provider=provider, pk=invitation_pk).select_related("provider").first()
    if invitation is None:
        raise Http404
    revoke_invitation(invitation, acting_user=request.user)
    messages.success(request, _("The invitation is revoked: its link no longer works."))
    return redirect("portal:provider-detail", pk=provider.pk)
