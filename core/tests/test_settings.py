"""Production-safe settings: DEBUG off and a secret required unless asked for."""

import os
import subprocess
import sys

from django.conf import settings


def import_settings(**environment):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env["ENV_FILE"] = os.devnull
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import harrastuspassi.settings as s; print(s.DEBUG, s.TIME_ZONE, s.ALLOWED_HOSTS)"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_in_production_raises():
    result = import_settings()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_production_defaults_are_safe():
    result = import_settings(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "Europe/Helsinki", "[]"]


def test_debug_only_when_asked():
    result = import_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


def test_time_zone_is_fixed_to_helsinki():
    result = import_settings(SECRET_KEY="x" * 50, TIME_ZONE="UTC")
    assert result.stdout.split()[1] == "Europe/Helsinki"


def test_list_settings_ignore_spaces_after_commas():
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        ENV_FILE=os.devnull,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="harrastuspassi.fi, www.harrastuspassi.fi ,",
        CSRF_TRUSTED_ORIGINS="https://harrastuspassi.fi, https://www.harrastuspassi.fi",
        CORS_READ_ORIGINS="https://a.example, https://b.example",
        CORS_WRITE_ORIGINS=" https://c.example",
    )
    code = (
        "import harrastuspassi.settings as s; "
        "print(s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.CORS_READ_ORIGINS, s.CORS_WRITE_ORIGINS, sep='|')"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|") == [
        "['harrastuspassi.fi', 'www.harrastuspassi.fi']",
        "['https://harrastuspassi.fi', 'https://www.harrastuspassi.fi']",
        "['https://a.example', 'https://b.example']",
        "['https://c.example']",
    ]
