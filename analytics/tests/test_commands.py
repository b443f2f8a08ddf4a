"""Management commands: rollup, purge (dry run unless --for-real) and report files."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from analytics.models import DailyCount, UsageEvent
from hobbies.timeutils import local_today

from .conftest import add_events


def run(*args, language="en"):
    out, err = io.StringIO(), io.StringIO()
    with translation.override(language):
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_rollup_command_rolls_up_recent_days(helsinki):
    add_events(local_today(), "map_open", 5)
    out, _err = run("rollup_analytics")
    assert "Rolled up 5 events" in out
    assert DailyCount.objects.get().count == 5


@pytest.mark.django_db
def test_rollup_command_rejects_half_range():
    with pytest.raises(CommandError):
        run("rollup_analytics", "--from", "2027-01-01")


@pytest.mark.django_db
def test_purge_command_dry_run_by_default(helsinki):
    add_events(local_today() - dt.timedelta(days=500), "map_open", 2)
    out, _err = run("purge_analytics_events")
    assert out.startswith("Would delete 2 events")
    assert UsageEvent.objects.count() == 2
    out, _err = run("purge_analytics_events", "--for-real")
    assert out.startswith("Deleted 2 events")
    assert UsageEvent.objects.count() == 0


@pytest.mark.django_db
def test_report_command_writes_every_municipality(tmp_path, small_counts_data):
    out, err = run("write_analytics_reports", str(small_counts_data), "--all", "--national", "--output", str(tmp_path), "--format", "csv", "--format", "json", "--format", "xlsx")
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(
        f"harrastuspassi-{scope}-{small_counts_data}.{extension}"
        for scope in ("national", "091", "049")
        for extension in ("csv", "json", "xlsx")
    )
    assert "Wrote 9 files for 3 reports" in out
    out_quiet, _err = run("write_analytics_reports", str(small_counts_data), "--national", "--output", str(tmp_path), "--verbosity", "0")
    assert "Wrote 2 files for 1 reports" in out_quiet
    assert "3/3" in err  # the progress bar


@pytest.mark.django_db
def test_report_files_hide_small_counts(tmp_path, small_counts_data):
    run("write_analytics_reports", str(small_counts_data), "--municipality", "091", "--output", str(tmp_path), "--format", "csv", "--format", "json", "--format", "xlsx", "--language", "en")
    stem = tmp_path / f"harrastuspassi-091-{small_counts_data}"
    csv_lines = stem.with_suffix(".csv").read_text(encoding="utf-8-sig").splitlines()
    report = json.loads(stem.with_suffix(".json").read_text())
    hobby_views = next(section for section in report["sections"] if section["key"] == "hobby_views")
    workbook = load_workbook(stem.with_suffix(".xlsx"))
    xlsx_rows = {row[0]: row[1] for row in workbook["Most viewed hobbies"].iter_rows(min_row=2, values_only=True)}
    assert "Most viewed hobbies,Harvinainen harppu,Views,< 5,< 5,," in csv_lines
    assert [row["values"]["count"]["count"] for row in hobby_views["rows"]] == [12, None]
    assert xlsx_rows == {"Suosittu sähly": 12, "Harvinainen harppu": "< 5"}


@pytest.mark.django_db
def test_report_command_rejects_unknown_municipality(tmp_path, helsinki):
    with pytest.raises(CommandError, match="999"):
        run("write_analytics_reports", "2026-01", "--municipality", "999", "--output", str(tmp_path))


@pytest.mark.django_db
def test_report_command_rejects_future_month(tmp_path):
    with pytest.raises(CommandError, match="has not started"):
        run("write_analytics_reports", "2099-01", "--national", "--output", str(tmp_path))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "Poistettaisiin 2 tapahtumaa"), ("sv", "Skulle radera 2 händelser")],
)
def test_purge_command_output_translated(helsinki, language, expected):
    add_events(local_today() - dt.timedelta(days=500), "map_open", 2)

    out, _err = run("purge_analytics_events", language=language)

    assert out.startswith(expected)


@pytest.mark.django_db
def test_rollup_and_report_errors_translated(tmp_path):
    with translation.override("fi"):
        with pytest.raises(CommandError, match="Anna sekä --from että --to"):
            call_command("rollup_analytics", "--from", "2027-01-01")
        with pytest.raises(CommandError, match="Kuukausi 2099-01 ei ole vielä alkanut"):
            call_command("write_analytics_reports", "2099-01", "--national", "--output", str(tmp_path))
