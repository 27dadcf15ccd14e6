import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.errors import ServiceError
from reports.selectors import FINDINGS_SHOWN_PER_KIND, findings_by_kind, findings_of
from reports.services import import_report


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Import a DDOR CSV or XLSX workbook (sections I, II, III) as a draft report with its data-quality findings. "
        "Nothing is imported if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or XLSX file; columns are listed in the README")
        parser.add_argument("--start", required=True, type=_date, help="first day of the report period")
        parser.add_argument("--end", required=True, type=_date, help="last day of the report period")
        parser.add_argument("--replace", action="store_true", help="replace a draft already imported for the period")

    def handle(self, *args, file: str, start: dt.date, end: dt.date, replace: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            report = import_report(data=path.read_bytes(), period_start=start, period_end=end, replace=replace)
        except ServiceError as exc:
            raise CommandError(f"{file}: nothing imported.\n{exc.message}") from exc
        findings = list(findings_of(report))
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report} (id {report.pk}) as a draft: {report.issued_counts.count()} section I rows, "
                f"{report.entries.count()} declined detainers, {report.policies.count()} policies; "
                f"{len(findings)} data-quality finding(s). A reviewer publishes it at /review/reports/{report.pk}/."
            )
        )
        for items in findings_by_kind(findings).values():
            for finding in items[:FINDINGS_SHOWN_PER_KIND]:
                self.stdout.write(f"  [{finding.severity}] {finding.get_kind_display()}: {finding.explanation}")
            if len(items) > FINDINGS_SHOWN_PER_KIND:
                more = len(items) - FINDINGS_SHOWN_PER_KIND
                self.stdout.write(
                    f"  … and {more} more {items[0].get_kind_display().lower()} finding{'' if more == 1 else 's'}"
                    f" (every finding: /review/reports/{report.pk}/findings.csv)"
                )
