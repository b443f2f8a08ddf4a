import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from core import testing


def run_ensure_admin():
    output = io.StringIO()
    with translation.override("en"):
        call_command("ensure_admin", stdout=output)
    return output.getvalue().splitlines()


@pytest.mark.django_db
def test_superuser_created_with_printed_password():
    lines = run_ensure_admin()

    match = re.fullmatch(r"Created the superuser admin with the password: (\S+)", lines[0])
    assert match
    password = match.group(1)
    assert len(password) >= 20
    assert (
        lines[1] == "Sign in at http://127.0.0.1:8000/admin/. The password is shown only this once."
    )
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(password)


@pytest.mark.django_db
def test_existing_superuser_gets_change_password_hint():
    run_ensure_admin()

    lines = run_ensure_admin()

    assert lines == [
        "A superuser already exists. To set a new password for admin, run: "
        "DEBUG=1 .venv/bin/python manage.py changepassword admin"
    ]
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_hint_names_existing_superuser():
    testing.make_user("op", is_staff=True, is_superuser=True)

    lines = run_ensure_admin()

    assert lines == [
        "A superuser already exists. To set a new password for op, run: "
        "DEBUG=1 .venv/bin/python manage.py changepassword op"
    ]
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_plain_user_named_admin_not_promoted():
    testing.make_user("admin")

    lines = run_ensure_admin()

    assert lines[0].startswith("The user admin exists but is not a superuser")
    assert not get_user_model().objects.filter(is_superuser=True).exists()
