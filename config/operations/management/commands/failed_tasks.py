from django.core.management.base import BaseCommand

from config.operations.selectors import unresolved_failures
from config.operations.services import retry_failed


class Command(BaseCommand):
    help = "List tasks that failed after every retry; --retry queues them again once the cause is fixed."

    def add_arguments(self, parser):
        parser.add_argument("--retry", nargs="*", type=int, metavar="ID", help="retry these failures (all if none)")

    def handle(self, *args, **options):
        if options["retry"] is not None:
            retried = retry_failed(failure_ids=options["retry"] or None)
            self.stdout.write(f"{len(retried)} failed task{'s' if len(retried) != 1 else ''} queued again.")
            return
        failures = list(unresolved_failures())
        for f in failures:
            self.stdout.write(f"{f.pk}\t{f.task}({f.object_id})\t{f.failed_at:%Y-%m-%d %H:%M:%S}\t{f.error}")
        self.stdout.write(f"{len(failures)} failed task{'s' if len(failures) != 1 else ''}.")
