"""The first administrator account of a new installation (`make run` calls ensure_admin)."""

import logging
import secrets
import shlex

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

ADMIN_USERNAME = "admin"
ADMIN_URL = "http://127.0.0.1:8000/admin/"
CHANGE_PASSWORD_COMMAND = "DEBUG=1 .venv/bin/python manage.py changepassword {username}"
PASSWORD_BYTES = 15  # token_urlsafe turns 15 random bytes into 20 characters


@transaction.atomic
def ensure_superuser(*, username=ADMIN_USERNAME, admin_url=ADMIN_URL):
    """Create a superuser with a generated password when none exists; return the lines to print.

    The password is returned (and so printed) only on creation; it is not logged or stored
    anywhere else. When a superuser already exists nothing changes, and the lines say how
    to set a new password.
    """
    users = get_user_model()
    superusers = users.objects.filter(is_superuser=True)
    # The hint names `username` when it is a superuser, else the oldest superuser.
    existing = superusers.filter(username=username).first() or superusers.order_by("pk").first()
    if existing is not None:
        name = existing.get_username()
        return [
            gettext(
                "A superuser already exists. To set a new password for %(username)s, run: %(command)s"
            )
            % {
                "username": name,
                "command": CHANGE_PASSWORD_COMMAND.format(username=shlex.quote(name)),
            }
        ]
    if users.objects.filter(username=username).exists():
        return [
            gettext(
                "The user %(username)s exists but is not a superuser, so no superuser was created. "
                "Run DEBUG=1 .venv/bin/python manage.py createsuperuser with another username."
            )
            % {"username": username}
        ]

    password = secrets.token_urlsafe(PASSWORD_BYTES)
    user = users(username=username, is_staff=True, is_superuser=True)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    logger.info("Created the superuser %s", username)
    return [
        gettext("Created the superuser %(username)s with the password: %(password)s")
        % {"username": username, "password": password},
        gettext("Sign in at %(url)s. The password is shown only this once.") % {"url": admin_url},
    ]
