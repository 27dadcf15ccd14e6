from django.core.management.base import BaseCommand

from disputes.services import resume_pending


class Command(BaseCommand):
    help = "Queue any revision, PDF or email that is still undone (for example after the broker was down)."

    def handle(self, *args, **options):
        counts = resume_pending()
        self.stdout.write(", ".join(f"{n} {label}" for label, n in counts.items()) + " queued.")
