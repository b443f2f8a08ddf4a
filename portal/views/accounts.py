"""Sign-in, sign-out, password reset and accepting an invitation.

/accounts/login/ is also the session sign-in of API v1: a client signs in here and then
calls GET /auth/token/ with the session cookie.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.throttle import reset_request_allowed
from providers.services import accept_invitation, create_account_and_accept, pending_invitation

from ..forms.accounts import InvitationSignUpForm, LanguagePasswordResetForm, SignInForm

logger = logging.getLogger(__name__)


class SignInView(auth_views.LoginView):
    template_name = "portal/accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["oidc_failed"] = settings.OIDC_ENABLED and self.request.GET.get("oidc") == "failed"
        context["page_title"] = _("Sign in")
        return context


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "portal/accounts/password_reset.html"
    form_class = LanguagePasswordResetForm
    email_template_name = "portal/email/password_reset_body.txt"
    subject_template_name = "portal/email/password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        if not reset_request_allowed(request.META.get("REMOTE_ADDR", "")):
            form = self.get_form()
            form.add_error(None, _("Too many password reset requests from this connection. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/accounts/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/accounts/password_reset_complete.html"


def accept_invitation_view(request, token):
    """Show an invitation and accept it for the signed-in user or for a new account."""
    invitation = pending_invitation(token)
    if invitation is None:
        return render(request, "portal/accounts/invitation_invalid.html", {"page_title": _("Invitation")}, status=404)

    account_exists = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    form = None
    error = None
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                accept_invitation(invitation, request.user)
                messages.success(request, _("You are now a member of %(provider)s.") % {"provider": invitation.provider.name})
                return redirect("portal:dashboard")
            if not account_exists:
                form = InvitationSignUpForm(invitation.email, request.POST)
                if form.is_valid():
                    user = create_account_and_accept(
                        invitation,
                        password=form.cleaned_data["password1"],
                        first_name=form.cleaned_data["first_name"],
                        last_name=form.cleaned_data["last_name"],
                    )
                    auth_login(request, user, backend="accounts.backends.EmailBackend")
                    messages.success(
                        request, _("Welcome! You are now a member of %(provider)s.") % {"provider": invitation.provider.name}
                    )
                    return redirect("portal:dashboard")
        except ValidationError as problem:
            logger.info("Rejected accepting invitation %s: %s", invitation.pk, getattr(problem, "code", None))
            error = problem.messages[0]
    elif not request.user.is_authenticated and not account_exists:
        form = InvitationSignUpForm(invitation.email)

    wrong_account = request.user.is_authenticated and (request.user.email or "").lower() != invitation.email.lower()
    return render(
        request,
        "portal/accounts/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "error": error,
            "account_exists": account_exists,
            "wrong_account": wrong_account,
            "page_title": _("Invitation"),
        },
    )
