"""The data migration that turns each one-entry dispute into a one-entry case."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def targets(disputes_migration: str | None) -> list[tuple[str, str]]:
    """Every app at its latest migration, and disputes at the one given (its latest when None)."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [leaf for leaf in leaves if leaf[0] != "disputes" or disputes_migration is None] + (
        [("disputes", disputes_migration)] if disputes_migration else []
    )


@pytest.mark.django_db(transaction=True)
def test_each_dispute_becomes_a_one_entry_case_with_its_evidence_decision_and_notice():
    before, after = targets("0001_initial"), targets(None)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("auth", "User")  # noqa: N806
    Jurisdiction = old.get_model("jurisdictions", "Jurisdiction")  # noqa: N806
    Facility = old.get_model("jurisdictions", "Facility")  # noqa: N806
    Report = old.get_model("reports", "Report")  # noqa: N806
    Entry = old.get_model("reports", "ListedDetainer")  # noqa: N806
    sheriff, reviewer = User.objects.create(username="s"), User.objects.create(username="r")
    county = Jurisdiction.objects.create(name="Hennepin County", fips="27053", state="MN", kind="county")
    jail = Facility.objects.create(jurisdiction=county, name="Hennepin County Jail")
    report = Report.objects.create(period_start=dt.date(2017, 1, 28), period_end=dt.date(2017, 2, 3))
    entries = [
        Entry.objects.create(
            report=report,
            row_number=n,
            jurisdiction=county,
            facility=jail,
            citizenship="Mexico",
            detainer_issued=dt.date(2017, 1, 28),
            declined=dt.date(2017, 1, 30),
            state=state,
        )
        for n, state in ((1, "corrected"), (2, "disputed"))
    ]
    m = {
        name: old.get_model("disputes", name)
        for name in ("Dispute", "Evidence", "Decision", "Correction", "CorrectionNotice", "TransitionLog")
    }
    decided = m["Dispute"].objects.create(
        entry=entries[0],
        jurisdiction=county,
        ground="handed_to_ice",
        explanation="Handed to ICE.",
        filed_by=sheriff,
        submitted_at=dt.datetime(2017, 2, 5, tzinfo=dt.UTC),
    )
    m["Dispute"].objects.create(
        entry=entries[1], jurisdiction=county, ground="other", explanation="Not ours.", filed_by=sheriff
    )
    m["Evidence"].objects.create(
        dispute=decided,
        file="evidence/1/abc.jpg",
        original_name="photo.jpg",
        sha256="a" * 64,
        size=10,
        content_type="image/jpeg",
        uploaded_by=sheriff,
    )
    decision = m["Decision"].objects.create(
        dispute=decided, outcome="corrected", rationale="Photo.", decided_by=reviewer
    )
    correction = m["Correction"].objects.create(decision=decision, entry=entries[0], action="remove")
    m["CorrectionNotice"].objects.create(correction=correction, number="CN-2026-0001")
    m["TransitionLog"].objects.create(
        entry=entries[0],
        dispute=decided,
        transition="open_dispute",
        from_state="listed",
        to_state="disputed",
        actor=sheriff,
        reason="Handed to ICE.",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Case = new.get_model("disputes", "Case")  # noqa: N806
    assert Case.objects.count() == 2
    case = Case.objects.get(disputes__entry_id=entries[0].pk)
    assert (case.ground, case.explanation, case.submitted_at is not None) == ("handed_to_ice", "Handed to ICE.", True)
    assert new.get_model("disputes", "Evidence").objects.get().case_id == case.pk
    new_decision = new.get_model("disputes", "Decision").objects.get()
    assert (new_decision.case_id, new_decision.ground) == (case.pk, "handed_to_ice")
    assert new.get_model("disputes", "Correction").objects.get().ground == "handed_to_ice"
    assert new.get_model("disputes", "CorrectionNotice").objects.get().decision_id == new_decision.pk
    assert new.get_model("disputes", "TransitionLog").objects.get().case_id == case.pk
    other = Case.objects.get(disputes__entry_id=entries[1].pk)
    assert (other.ground, other.submitted_at) == ("other", None)
