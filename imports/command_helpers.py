"""Arguments and output shared by the import management commands."""

import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext


def data_dir():
    return Path(settings.SHARED_DATA_DIR)


def default_path(relative):
    """Return `relative` under settings.SHARED_DATA_DIR."""
    return data_dir() / relative


def require_path(path):
    """Return `path` as a Path, or raise CommandError when it does not exist."""
    path = Path(path)
    if not path.exists():
        raise CommandError(gettext("File or folder not found: %(path)s") % {"path": path})
    return path


def optional_path(path):
    """Return a file named on the command line as a Path, or None when none was named.

    Raise CommandError when the named file is missing. A missing default file only logs a warning.
    """
    return require_path(path) if path else None


def positive_number(convert):
    """Return an argparse type that converts with `convert` and rejects zero and below."""

    def parse(value):
        try:
            number = convert(value)
        except ValueError:
            number = None
        if number is None or not number > 0:
            raise argparse.ArgumentTypeError(
                gettext("“%(value)s” is not a number greater than zero.") % {"value": value}
            )
        return number

    return parse


def add_shift_dates_argument(parser):
    parser.add_argument(
        "--shift-dates",
        action="store_true",
        help=(
            "Move records whose season ended before today forward by whole 52-week steps, "
            "so that their season starts in the current school year (for demonstrations)."
        ),
    )


def write_summaries(command, stats_list):
    for stats in stats_list:
        command.stdout.write(stats.summary())
