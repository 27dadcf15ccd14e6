import datetime as dt
import statistics

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from config.errors import NotFound
from jurisdictions.selectors import account_for
from reports.models import ListedDetainer, Report, ReportRevision

from .models import Appeal, Case, Correction, CorrectionNotice, Decision, Dispute, Evidence, StandingStatement


def public_corrections() -> QuerySet[Correction]:
    """Every correction with what the public may see of it: notice, decision, revision, report."""
    return Correction.objects.select_related(
        "decision__notice",
        "decision",
        "decision__appeal",
        "revision",
        "entry__report",
        "entry__jurisdiction",
        "entry__facility",
    ).defer(*(f"revision__{name}" for name in ("totals", *ReportRevision.PAGE_FIELDS))).order_by("-created_at", "-pk")


def notice_corrections(decision_ids: list[int], *, per_notice: int | None = None) -> QuerySet[Correction]:
    """The corrections of the given decisions as a notice lists them, in report and row order: only what it shows
    (action, before and after, the entry's row, its report's dates, the revision's number); the first
    `per_notice` of each decision when given."""
    corrections = (
        Correction.objects.filter(decision_id__in=decision_ids)
        .select_related("revision", "entry__report")
        .only(
            "decision_id",
            "action",
            "before",
            "after",
            "revision__number",
            "entry__row_number",
            "entry__state",  # read by the state machine when the entry is built
            "entry__report__period_start",
            "entry__report__period_end",
        )
        .order_by("entry__report__period_start", "entry__row_number")
    )
    if per_notice is None:
        return corrections
    in_order = Window(
        RowNumber(),
        partition_by=[F("decision_id")],
        order_by=[F("entry__report__period_start"), F("entry__row_number")],
    )
    return corrections.annotate(nth=in_order).filter(nth__lte=per_notice)


def summary_facts(decision_ids: list[int], rows=None) -> dict[int, dict]:
    """Per decision, over all its corrections however many, as plain values (what a notice freezes once every
    correction is published, CorrectionNotice.summary): how many, the jurisdictions as listed, the reports as
    [id, start, end] by period, the [report, revision] pairs that carry them, and whether every one is published.

    From `rows` of correction_facts() when the caller has read them, else in one query of plain values grouped by
    what it keeps (one row per notice, jurisdiction, report and revision, with how many corrections).
    """
    facts = {
        pk: {"count": 0, "jurisdictions": set(), "reports": {}, "revisions": set(), "published": True}
        for pk in decision_ids
    }
    if rows is None:
        rows = (
            Correction.objects.filter(decision_id__in=decision_ids)
            .order_by()
            .values_list(
                "decision_id",
                "before__jurisdiction",
                "before__state",
                "entry__report_id",
                "entry__report__period_start",
                "entry__report__period_end",
                "revision__number",
            )
            .annotate(n=Count("pk"))
        )
    for decision, name, state, report, start, end, revision, n in rows:
        if decision not in facts:
            continue
        summary = facts[decision]
        summary["count"] += n
        summary["jurisdictions"].add(f"{name}, {state}")
        summary["reports"].setdefault(report, [report, str(start), str(end)])
        if revision is None:
            summary["published"] = False
        else:
            summary["revisions"].add((report, revision))
    for summary in facts.values():
        summary["published"] = summary["published"] and summary["count"] > 0
        summary["jurisdictions"] = sorted(summary["jurisdictions"])
        summary["reports"] = sorted(summary["reports"].values(), key=lambda r: r[1])
        summary["revisions"] = [list(pair) for pair in sorted(summary["revisions"])]
    return facts


def notice_summaries(decision_ids: list[int], rows=None, *, frozen: dict[int, dict] | None = None) -> dict[int, dict]:
    """Per decision, what a notice list says of it, over all its corrections (summary_facts): its reports as
    Report rows (id and period) and its revisions as (report, number). A notice whose summary is `frozen` reads
    nothing; the others are summed up from `rows` or one grouped query, so a list costs the same however many
    entries its notices changed."""
    frozen = frozen or {}
    rest = [pk for pk in decision_ids if pk not in frozen]
    facts = {**frozen, **(summary_facts(rest, rows) if rest else {})}
    return {pk: _as_shown(facts[pk]) for pk in decision_ids}


def _as_shown(facts: dict) -> dict:
    reports = [
        Report(pk=pk, period_start=dt.date.fromisoformat(start), period_end=dt.date.fromisoformat(end))
        for pk, start, end in facts["reports"]
    ]
    return {**facts, "reports": reports, "revisions": [tuple(pair) for pair in facts["revisions"]]}


def correction_facts(c: Correction) -> tuple:
    """What notice_summaries reads of a correction loaded by notice_corrections, in its order (one correction)."""
    report, before = c.entry.report, c.before
    place = (before.get("jurisdiction"), before.get("state"))
    number = c.revision.number if c.revision_id else None
    return c.decision_id, *place, report.pk, report.period_start, report.period_end, number, 1


def _notices_on(report_id: int) -> QuerySet[CorrectionNotice]:
    """The correction notices that changed entries of a report, newest first (from the reports each names)."""
    return CorrectionNotice.objects.filter(reports=report_id).order_by("-issued_at", "-pk")


def public_notices(*, report_id: int | None = None) -> QuerySet[CorrectionNotice]:
    """Every correction notice (or those that changed entries of one report), newest first."""
    notices = CorrectionNotice.objects.all() if report_id is None else _notices_on(report_id)
    # The decision's appeal, if any, with it: whether the agency started a decision asks (Decision.agency_initiated).
    return notices.select_related("decision", "decision__appeal").order_by("-issued_at", "-pk")


def frozen_summaries(notices) -> dict[int, dict]:
    """The summaries the given notices froze once published, by decision."""
    return {n.decision_id: n.summary for n in notices if n.summary}


def report_notices(report_id: int, *, latest: int) -> tuple[list[dict], int]:
    """The `latest` correction notices that changed a report's entries, newest first, as the report page lists
    them, and how many there are in all.

    Each: its number, how many entries the whole notice changed and their jurisdictions, whether the agency
    started it, whether every correction is published, and the revisions of this report that carry it. One query
    for the notices and their count, and one grouped query for those not yet published (notice_summaries): the
    same however often the report was corrected and however many entries each notice changed.
    """
    newest = public_notices(report_id=report_id).annotate(total=Window(Count("pk")))
    newest = list(newest[:latest])  # and, from the same read, how many there are in all
    if not newest:
        return [], 0
    summaries = notice_summaries([n.decision_id for n in newest], frozen=frozen_summaries(newest))
    listed = []
    for notice in newest:  # newest first, as read
        summary = summaries[notice.decision_id]
        listed.append(
            {
                "number": notice.number,
                "entries": summary["count"],
                "jurisdictions": summary["jurisdictions"],
                "agency_initiated": notice.decision.agency_initiated,
                "published": summary["published"],
                "revisions": [number for report, number in summary["revisions"] if report == report_id],
            }
        )
    return listed, newest[0].total


def entries_visible_to(user) -> QuerySet[ListedDetainer]:
    """Entries a user may see: a sheriff their own jurisdiction's (and those it disputed), a reviewer all."""
    account = account_for(user)
    qs = ListedDetainer.objects.select_related("report", "jurisdiction", "facility", "dispute")
    if account is None:
        return qs.none()
    if account.is_sheriff:
        return qs.for_jurisdiction(account.jurisdiction_id).published()
    return qs


def may_see_dispute(user, entry: ListedDetainer) -> bool:
    """Whether a user may see an entry's dispute: the filing jurisdiction's office and reviewers only."""
    dispute = getattr(entry, "dispute", None)
    if dispute is None:
        return False
    account = account_for(user)
    return account is not None and (account.is_reviewer or account.jurisdiction_id == dispute.jurisdiction_id)


def disputes_visible_to(user) -> QuerySet[Dispute]:
    """Disputes a user may see: a sheriff their own jurisdiction's, a reviewer all, anyone else none."""
    account = account_for(user)
    qs = Dispute.objects.select_related(
        "case", "entry__report", "entry__jurisdiction", "entry__facility", "filed_by", "case__decision"
    )
    if account is None:
        return qs.none()
    if account.is_sheriff:
        return qs.for_jurisdiction(account.jurisdiction_id)
    return qs


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases a user may see: a sheriff's office its own, a reviewer all, anyone else none."""
    account = account_for(user)
    qs = Case.objects.select_related("jurisdiction", "filed_by", "decision__notice").annotate(
        entry_count=Count("disputes", distinct=True)
    )
    if account is None:
        return qs.none()
    if account.is_sheriff:
        return qs.for_jurisdiction(account.jurisdiction_id)
    return qs


def get_case_for(user, case_id: int) -> Case:
    """A case the user may see, or NotFound."""
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("no such case")
    return case


def open_cases(jurisdiction) -> QuerySet[Case]:
    """A jurisdiction's cases not yet submitted, newest first: entries can still be added to them."""
    return Case.objects.open().filter(jurisdiction=jurisdiction).order_by("-filed_at", "-pk")


def case_entries(case: Case) -> QuerySet[ListedDetainer]:
    """The entries of a case, by report and row, with their dispute note and correction."""
    return (
        ListedDetainer.objects.filter(dispute__case=case)
        .select_related("report", "jurisdiction", "facility", "dispute", "correction")
        .order_by("report__period_start", "row_number")
    )


def review_queue() -> QuerySet[Case]:
    """Cases awaiting a reviewer's decision, the earliest due first."""
    return (
        Case.objects.awaiting_review()
        .select_related("jurisdiction", "assigned_to", "decision")
        .annotate(entry_count=Count("disputes", distinct=True), file_count=Count("evidence", distinct=True))
        .order_by("due_on", "submitted_at", "pk")
    )


def get_entry_for(user, entry_id: int) -> ListedDetainer:
    """An entry the user may see, or NotFound (other jurisdictions' entries look absent)."""
    entry = entries_visible_to(user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFound("no such entry")
    return entry


def get_dispute_for(user, dispute_id: int) -> Dispute:
    """A dispute the user may see, or NotFound."""
    dispute = disputes_visible_to(user).filter(pk=dispute_id).first()
    if dispute is None:
        raise NotFound("no such dispute")
    return dispute


def get_evidence_for(user, evidence_id: int) -> Evidence:
    """An evidence file the user may download, or NotFound."""
    evidence = Evidence.objects.select_related("case").filter(pk=evidence_id).first()
    if evidence is None or not cases_visible_to(user).filter(pk=evidence.case_id).exists():
        raise NotFound("no such evidence")
    return evidence


def timeline(entry: ListedDetainer) -> QuerySet:
    """The transition log of an entry, oldest first."""
    return entry.transitions.select_related("actor").order_by("at", "pk")


MEDIAN_WINDOW_DAYS = 90


def workload(*, today: dt.date | None = None) -> dict:
    """The reviewers' dashboard: open, due this week, overdue, and the median days to a decision over 90 days."""
    today = today or timezone.localdate()
    waiting = Case.objects.awaiting_review()
    week_ends = today + dt.timedelta(days=6 - today.weekday())
    since = timezone.now() - dt.timedelta(days=MEDIAN_WINDOW_DAYS)
    durations = [
        (decided - submitted).total_seconds() / 86400
        for decided, submitted in Decision.objects.filter(case__isnull=False, decided_at__gte=since).values_list(
            "decided_at", "case__submitted_at"
        )
    ]
    by_reviewer = (
        waiting.filter(assigned_to__isnull=False)
        .values("assigned_to__username")
        .annotate(cases=Count("pk"))
        .order_by("assigned_to__username")
    )
    return {
        "today": today,
        "open": waiting.count(),
        "unassigned": waiting.filter(assigned_to__isnull=True).count(),
        "due_this_week": waiting.filter(due_on__gte=today, due_on__lte=week_ends).count(),
        "overdue": waiting.filter(due_on__lt=today).count(),
        "decided_90_days": len(durations),
        "median_days_to_decision": round(statistics.median(durations), 1) if durations else None,
        "appeals_waiting": Appeal.objects.filter(decision__isnull=True).count(),
        "statements_to_check": StandingStatement.objects.filter(status=StandingStatement.Status.PENDING).count(),
        "by_reviewer": [{"reviewer": r["assigned_to__username"], "cases": r["cases"]} for r in by_reviewer],
    }


def pending_on_report(report_id: int) -> dict:
    """How many cases with entries in a report await a decision, and how many of those are overdue."""
    on_report = Dispute.objects.filter(entry__report_id=report_id).values("case_id")
    return Case.objects.awaiting_review().filter(pk__in=on_report).aggregate(
        awaiting=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate()))
    )


def appeals_waiting() -> QuerySet[Appeal]:
    """Appeals a senior reviewer has still to decide, oldest first."""
    return Appeal.objects.filter(decision__isnull=True).select_related("case__jurisdiction").order_by("filed_at")


def statements_to_check() -> QuerySet[StandingStatement]:
    """Standing statements awaiting a reviewer's check, oldest first."""
    return StandingStatement.objects.filter(status=StandingStatement.Status.PENDING).select_related(
        "case__jurisdiction"
    ).order_by("filed_at")


def case_followup(case: Case) -> dict:
    """What follows a case's decision: its appeal, its standing statement, and what the office may still do."""
    from .deadlines import appeal_closes
    from .services.appeals import statement_allowed

    appeal = Appeal.objects.filter(case=case).select_related("decision__decided_by", "filed_by").first()
    statement = StandingStatement.objects.filter(case=case).select_related("reviewed_by").first()
    decision = getattr(case, "decision", None)
    closes = appeal_closes(decision.decided_at) if decision else None
    upheld = case.disputes.filter(entry__state=ListedDetainer.State.UPHELD).exists()
    return {
        "appeal": appeal,
        "appeal_evidence": list(appeal.evidence.all()) if appeal else [],
        "statement": statement,
        "appeal_closes": closes,
        "can_appeal": bool(upheld and appeal is None and closes and timezone.localdate() <= closes),
        "can_state": bool(decision)
        and (statement is None or statement.status == StandingStatement.Status.REJECTED)
        and statement_allowed(case),
    }


def notice_pdf_sha(number: str) -> str | None:
    """The SHA-256 of a correction notice's PDF, or None while it is not rendered."""
    return CorrectionNotice.objects.filter(number=number).exclude(pdf="").values_list("pdf_sha256", flat=True).first()


def agency_matches(
    *,
    report: Report | None = None,
    jurisdiction: str = "",
    state: str = "",
    declined_from: dt.date | None = None,
    declined_to: dt.date | None = None,
    before_period: bool = False,
    limit: int,
) -> list[ListedDetainer]:
    """Entries an agency correction may look for, newest report first and by row: the first `limit` that match."""
    entries = ListedDetainer.objects.select_related("report", "jurisdiction", "facility")
    if report:
        entries = entries.filter(report=report)
    if term := (jurisdiction or "").strip():
        entries = entries.filter(Q(jurisdiction__fips=term) | Q(jurisdiction__name__icontains=term))
    if state := (state or "").strip():
        entries = entries.filter(jurisdiction__state__iexact=state)
    if declined_from:
        entries = entries.filter(declined__gte=declined_from)
    if declined_to:
        entries = entries.filter(declined__lte=declined_to)
    if before_period:
        entries = entries.filter(detainer_issued__lt=F("report__period_start"))
    return list(entries.order_by("-report__period_start", "row_number")[:limit])


def notice_revisions(notice: CorrectionNotice) -> list[ReportRevision]:
    """The revisions that carry a notice's corrections, by report and number; none until every one is published."""
    revisions = list(Correction.objects.filter(decision_id=notice.decision_id).values_list("revision_id", flat=True))
    if not revisions or None in revisions:
        return []
    carrying = ReportRevision.objects.filter(pk__in=set(revisions)).only("report_id", "number")
    return list(carrying.order_by("report_id", "number"))
