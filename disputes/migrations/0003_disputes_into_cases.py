from django.db import migrations


def disputes_into_cases(apps, schema_editor):
    """Each existing one-entry dispute becomes a one-entry case with its evidence, decision and notice."""
    Case = apps.get_model("disputes", "Case")
    Dispute = apps.get_model("disputes", "Dispute")
    Evidence = apps.get_model("disputes", "Evidence")
    Decision = apps.get_model("disputes", "Decision")
    Correction = apps.get_model("disputes", "Correction")
    CorrectionNotice = apps.get_model("disputes", "CorrectionNotice")
    TransitionLog = apps.get_model("disputes", "TransitionLog")
    for dispute in Dispute.objects.order_by("pk"):
        case = Case.objects.create(
            jurisdiction_id=dispute.jurisdiction_id,
            ground=dispute.ground,
            explanation=dispute.explanation,
            filed_by_id=dispute.filed_by_id,
            filed_at=dispute.filed_at,
            submitted_at=dispute.submitted_at,
        )
        Dispute.objects.filter(pk=dispute.pk).update(case=case)
        Evidence.objects.filter(dispute_id=dispute.pk).update(case=case)
        TransitionLog.objects.filter(dispute_id=dispute.pk).update(case=case)
        decision = Decision.objects.filter(dispute_id=dispute.pk).first()
        if decision is None:
            continue
        Decision.objects.filter(pk=decision.pk).update(case=case, ground=dispute.ground)
        Correction.objects.filter(decision_id=decision.pk).update(ground=dispute.ground)
        CorrectionNotice.objects.filter(correction__decision_id=decision.pk).update(decision_id=decision.pk)


def cases_into_disputes(apps, schema_editor):
    """Back to one dispute per entry; only possible while every case and every notice covers one entry."""
    Case = apps.get_model("disputes", "Case")
    Dispute = apps.get_model("disputes", "Dispute")
    Evidence = apps.get_model("disputes", "Evidence")
    Decision = apps.get_model("disputes", "Decision")
    CorrectionNotice = apps.get_model("disputes", "CorrectionNotice")
    TransitionLog = apps.get_model("disputes", "TransitionLog")
    for case in Case.objects.order_by("pk"):
        disputes = list(Dispute.objects.filter(case=case))
        if len(disputes) != 1:
            raise RuntimeError(f"case {case.pk} covers {len(disputes)} entries; it cannot become one dispute")
        dispute = disputes[0]
        Dispute.objects.filter(pk=dispute.pk).update(
            ground=case.ground, explanation=case.explanation, submitted_at=case.submitted_at
        )
        Evidence.objects.filter(case=case).update(dispute=dispute)
        TransitionLog.objects.filter(case=case).update(dispute=dispute)
        Decision.objects.filter(case=case).update(dispute=dispute)
    for notice in CorrectionNotice.objects.all():
        corrections = list(notice.decision.corrections.all())
        if len(corrections) != 1:
            raise RuntimeError(f"notice {notice.number} covers {len(corrections)} entries")
        CorrectionNotice.objects.filter(pk=notice.pk).update(correction=corrections[0])


class Migration(migrations.Migration):
    dependencies = [("disputes", "0002_cases")]

    operations = [migrations.RunPython(disputes_into_cases, cases_into_disputes)]
