import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from config.errors import ServiceError
from jurisdictions.models import Account
from jurisdictions.services import create_account


class Command(BaseCommand):
    help = "Create a sheriff's office or reviewer account. The password is read from standard input."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Account.Role.values)
        parser.add_argument("--jurisdiction", metavar="FIPS", help="FIPS code (sheriff accounts)")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, jurisdiction, email, **options):
        if sys.stdin.isatty():
            password = getpass.getpass("Password: ")
        else:
            password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise CommandError("no password given on standard input")
        try:
            account = create_account(username=username, password=password, role=role, fips=jurisdiction, email=email)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        where = f" for {account.jurisdiction}" if account.jurisdiction else ""
        self.stdout.write(
            self.style.SUCCESS(f"Created {account.get_role_display().lower()} account {username}{where}.")
        )
