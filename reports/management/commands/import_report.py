import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.errors import ServiceError
from reports.services import import_report


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Import a DDOR CSV (sections I, II, III) as a new report. Nothing is imported if any row is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file; columns are listed in the README")
        parser.add_argument("--start", required=True, type=_date, help="first day of the report period")
        parser.add_argument("--end", required=True, type=_date, help="last day of the report period")

    def handle(self, *args, file: str, start: dt.date, end: dt.date, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            report = import_report(data=path.read_bytes(), period_start=start, period_end=end)
        except ServiceError as exc:
            raise CommandError(f"{file}: nothing imported.\n{exc.message}") from exc
        revision = report.revisions.get()
        totals = revision.totals
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report} (id {report.pk}): {len(revision.content['section_i'])} section I rows, "
                f"{totals['declined']} declined detainers, {totals['policies']} policies; revision 1 published."
            )
        )
