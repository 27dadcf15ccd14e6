"""The API fuzzed from its own OpenAPI schema (schemathesis), as a reviewer and as a sheriff's office."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from knox.models import AuthToken

from jurisdictions.models import Account

SECONDS_PER_ROLE = 45


@pytest.mark.django_db(transaction=True)
def test_fuzzing_the_api_finds_no_server_error_and_no_answer_outside_its_schema(live_server, settings, tmp_path):
    settings.AXES_FAILURE_LIMIT = 10**6  # the fuzzer sends many wrong passwords on purpose
    settings.EVIDENCE_UPLOADS_PER_HOUR = 10**6
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    cli = Path(sys.executable).parent / "schemathesis"
    for username in ("reviewer", "travis-sheriff"):
        account = Account.objects.get(user__username=username)
        _, token = AuthToken.objects.create(account.user)
        result = subprocess.run(
            [
                str(cli),
                "run",
                f"{live_server.url}/api/schema/",
                "--header",
                f"Authorization: Token {token}",
                "--checks",
                "not_a_server_error,response_schema_conformance,status_code_conformance",
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                "10",
                "--max-time",
                str(SECONDS_PER_ROLE),
                "--workers",
                "1",
                "--generation-deterministic",
                # Revoking the token would leave the rest of the run unauthenticated.
                "--exclude-path",
                "/api/v1/token/logout/",
            ],
            capture_output=True,
            text=True,
            timeout=SECONDS_PER_ROLE + 120,
            cwd=tmp_path,
        )
        failures = result.stdout.find("FAILURES")
        report = result.stdout[failures : failures + 6000] if failures >= 0 else result.stdout[-4000:]
        report += result.stderr[-2000:]
        assert result.returncode == 0, f"as {username}:\n{report}"
