"""Write a month's analytics reports as files, for one, several or all municipalities."""

import json
from itertools import chain
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext
from tqdm import tqdm

from analytics.exports import report_csv, report_json, report_xlsx
from analytics.months import Month
from analytics.reports import build_municipal_reports, build_report
from analytics.snapshots import NATIONAL
from places.models import Municipality

FORMATS = ("csv", "xlsx", "json")


class Command(BaseCommand):
    help = (
        "Write the reports of a month as harrastuspassi-<code or national>-<YYYY-MM>.<format> files. "
        "Counts below 5 are shown as “< 5” (null in JSON), as in every other output."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", help="The month, as YYYY-MM.")
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            metavar="CODE",
            help="Three-digit code of a municipality to report on; repeat for several.",
        )
        parser.add_argument("--all", action="store_true", help="Report on every municipality.")
        parser.add_argument("--national", action="store_true", help="Also write the national report.")
        parser.add_argument("--output", default=".", help="Folder to write into (created if missing).")
        parser.add_argument(
            "--format", action="append", choices=FORMATS, help="File format; repeat for several (default: csv and xlsx)."
        )
        parser.add_argument("--language", default="fi", choices=["fi", "sv", "en"], help="Language of the texts.")

    def handle(self, *args, **options):
        try:
            month = Month.parse(options["month"])
        except ValueError:
            raise CommandError(
                gettext("“%(month)s” is not a month in the form YYYY-MM.") % {"month": options["month"]}
            ) from None
        if month > Month.current():
            raise CommandError(gettext("The month %(month)s has not started yet.") % {"month": month})
        municipalities = self.chosen_municipalities(options)
        if not municipalities and not options["national"]:
            raise CommandError(gettext("Choose --municipality CODE, --all or --national."))
        formats = options["format"] or ["csv", "xlsx"]
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)

        with translation.override(options["language"]):
            now = timezone.now()
            reports = build_municipal_reports(month, [(m.code, m.name) for m in municipalities], now=now)
            if options["national"]:
                national = build_report(month, NATIONAL, scope_name=translation.gettext("Finland"), now=now)
                reports = chain([national], reports)
            written = 0
            progress = tqdm(
                reports,
                total=len(municipalities) + int(options["national"]),
                desc=f"Reports {month}",
                unit="report",
                file=self.stderr,
                disable=options["verbosity"] == 0,
            )
            report_count = 0
            for report in progress:
                scope = "national" if report.is_national else report.municipality_code
                written += self.write(report, output, formats, scope)
                report_count += 1
        self.stdout.write(
            gettext("Wrote %(files)s files for %(reports)s reports of %(month)s into %(output)s.")
            % {"files": written, "reports": report_count, "month": month, "output": output}
        )

    def chosen_municipalities(self, options):
        if options["all"]:
            return list(Municipality.objects.order_by("code"))
        codes = options["municipality"]
        found = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise CommandError(gettext("No municipality has the code %(codes)s.") % {"codes": ", ".join(missing)})
        return [found[code] for code in codes]

    def write(self, report, output, formats, scope):
        stem = output / f"harrastuspassi-{scope}-{report.month}"
        if "csv" in formats:
            stem.with_suffix(".csv").write_text(report_csv(report), encoding="utf-8")
        if "xlsx" in formats:
            stem.with_suffix(".xlsx").write_bytes(report_xlsx(report))
        if "json" in formats:
            body = json.dumps(report_json(report, private_sections=True), ensure_ascii=False, indent=2)
            stem.with_suffix(".json").write_text(body, encoding="utf-8")
        return len(formats)
