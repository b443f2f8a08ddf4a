"""Sign-in with an e-mail address and password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Accepts the e-mail address (any letter case) or the user name with the password.

    Portal users sign in with their e-mail address. The user name still works because API
    clients of v1 post it to /accounts/login/ and /auth/token/.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Hash anyway, so the time taken does not tell whether the account exists.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def find_user(identifier):
    """Return the user with this e-mail address or user name, or None."""
    User = get_user_model()
    identifier = identifier.strip()
    if "@" in identifier:
        user = User._default_manager.filter(email__iexact=identifier).first()
        if user is not None:
            return user
    return User._default_manager.filter(username=identifier).first()


def lockout_username(request, credentials=None):
    """Return the key under which django-axes counts failed sign-ins (AXES_USERNAME_CALLABLE).

    The key is the account's user name when the identifier names an account, so every
    letter case of the e-mail address and the user name share one counter. An identifier
    of no account is trimmed and casefolded, so its spellings share a counter too.
    """
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        identifier = credentials.get(field)
    else:
        identifier = getattr(request, "data", request.POST).get(field)
    if not isinstance(identifier, str) or not identifier.strip():
        return identifier
    user = find_user(identifier)
    if user is not None:
        return user.get_username()
    return identifier.strip().casefold()
