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
