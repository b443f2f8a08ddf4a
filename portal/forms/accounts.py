from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.throttle import reset_mail_allowed


class SignInForm(AuthenticationForm):
    """Sign-in with the e-mail address. The field keeps the name "username", which
    django-axes and API v1 clients use."""

    username = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "email", "inputmode": "email"}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or password is wrong. Check them and try again."),
        "inactive": pgettext_lazy("sign-in", "This account is inactive."),
    }


class LanguagePasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail in the language the user chose for e-mails."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None):
        # Over the limit, no mail goes out, yet the page shows the same text as always, so that
        # it does not reveal whether the address has an account.
        if not reset_mail_allowed(to_email):
            return
        language = getattr(context.get("user"), "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(
                subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name
            )


class InvitationSignUpForm(forms.Form):
    """A new account for an invited e-mail address."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, email, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ. Type the same password twice."))
        if first:
            from accounts.models import User

            candidate = User(
                username=self.email, email=self.email, first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
