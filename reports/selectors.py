from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from config.errors import NotFound

from .models import Finding, ListedDetainer, Report, ReportRevision


def current_revisions() -> QuerySet[ReportRevision]:
    """The latest revision of each report, without its frozen sections."""
    newest = ReportRevision.objects.filter(report=OuterRef("report")).order_by("-number").values("number")[:1]
    return ReportRevision.objects.filter(number=Subquery(newest)).defer(*ReportRevision.PAGE_FIELDS)


def _visible_reports(user) -> QuerySet[Report]:
    from jurisdictions.selectors import is_reviewer

    return Report.objects.all() if is_reviewer(user) else Report.objects.published()


def public_reports(user=None) -> QuerySet[Report]:
    """Every published report with its current revision, newest period first; a reviewer also gets the drafts."""
    return (
        _visible_reports(user)
        .prefetch_related(Prefetch("revisions", queryset=current_revisions()))
        .order_by("-period_start")
    )


def get_report(report_id: int, user=None) -> Report:
    """One report with every revision, newest first, or NotFound (a draft is found for reviewers only)."""
    revisions = ReportRevision.objects.order_by("-number").defer(*ReportRevision.PAGE_FIELDS)
    report = _visible_reports(user).filter(pk=report_id).prefetch_related(Prefetch("revisions", queryset=revisions))
    report = report.first()
    if report is None:
        raise NotFound("no such report")
    return report


def draft_reports() -> QuerySet[Report]:
    """Drafts waiting for a reviewer, oldest period first, with their open findings counted."""
    from django.db.models import Count, Q

    return (
        Report.objects.drafts()
        .annotate(
            findings_count=Count("findings"),
            open_count=Count("findings", filter=Q(findings__acknowledged_at__isnull=True)),
        )
        .order_by("period_start")
    )


def findings_of(report: Report) -> QuerySet[Finding]:
    """A report's data-quality findings, most severe first."""
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        *(When(severity=s, then=Value(i)) for i, s in enumerate(Finding.Severity.values)), output_field=IntegerField()
    )
    return report.findings.select_related("acknowledged_by").annotate(rank=rank).order_by("rank", "kind", "pk")


# A draft's findings are shown this many of each kind (the page, the import command); the findings CSV has all.
FINDINGS_SHOWN_PER_KIND = 10


def findings_by_kind(findings) -> dict[str, list[Finding]]:
    """Findings grouped by kind, in the order given (findings_of: the most severe kind first)."""
    by_kind: dict[str, list[Finding]] = {}
    for finding in findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    return by_kind


def get_revision(report_id: int, number: int | None = None, *, published_only: bool = False) -> ReportRevision:
    """A revision of a report by number (latest when None), with its report, in one query; or NotFound.

    `published_only`: a draft's report is not found, as for the public.
    """
    revisions = ReportRevision.objects.select_related("report").filter(report_id=report_id)
    if published_only:
        revisions = revisions.filter(report__status=Report.Status.PUBLISHED)
    revision = revisions.order_by("-number").first() if number is None else revisions.filter(number=number).first()
    if revision is None:
        if published_only and not Report.objects.published().filter(pk=report_id).exists():
            raise NotFound("no such report")
        raise NotFound("no such revision")
    return revision


def revision_history(report_id: int) -> QuerySet[ReportRevision]:
    """A report's revisions, newest first, with the columns a history list shows (no frozen JSON)."""
    revisions = ReportRevision.objects.filter(report_id=report_id).order_by("-number")
    return revisions.defer("totals", *ReportRevision.PAGE_FIELDS)


def is_current(revision: ReportRevision) -> bool:
    """Whether a revision is its report's latest."""
    return not ReportRevision.objects.filter(report_id=revision.report_id, number__gt=revision.number).exists()


def entries_for_jurisdiction(jurisdiction, *, state: str | None = None) -> QuerySet[ListedDetainer]:
    """A jurisdiction's listed entries across reports, with their dispute if any."""
    qs = (
        ListedDetainer.objects.for_jurisdiction(jurisdiction)
        .published()
        .select_related("report", "facility", "jurisdiction", "dispute")
    )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-report__period_start", "row_number")


def revision_changes(revision: ReportRevision) -> dict | None:
    """What a revision changed from the one before it; None for a report's first revision."""
    from .diff import diff_content
    from .frozen import section_ii_delta

    previous = (
        ReportRevision.objects.filter(report_id=revision.report_id, number__lt=revision.number)
        .order_by("-number")
        .only("sections", "number")
        .first()
    )
    if previous is None:
        return vanished_changes(revision)
    # Rows both revisions share cannot differ, so the rows this revision replaced are all the diff needs.
    before, after = section_ii_delta(revision)
    return {
        "since": previous.number,
        **diff_content({**previous.sections, "section_ii": before}, {**revision.sections, "section_ii": after}),
    }


def rows_not_listed(revision: ReportRevision) -> list[int]:
    """Section II row numbers of the report that a revision leaves out (removed by correction), in order.

    Rows keep the numbers first published, so a removed entry leaves a gap a reader should be told about.
    Frozen with the revision (reports.frozen.section_ii_index).
    """
    return revision.section_ii_index["gaps"]


EntryState = ListedDetainer.State
# The states in which the public sees an entry as contested (under dispute or appeal, or upheld).
CONTESTED = [
    EntryState.DISPUTED,
    EntryState.EVIDENCE_SUBMITTED,
    EntryState.UPHELD,
    EntryState.APPEALED,
    EntryState.UPHELD_FINAL,
]


def public_entry_marks(report_id: int, entry_ids: list[int] | None = None) -> dict[int, dict]:
    """Entries of a report (or those of `entry_ids`) the public should see as contested now: under dispute or
    appeal since a date, or upheld.

    An upheld entry carries its jurisdiction's standing statement once a reviewer has approved it.
    """
    contested = ListedDetainer.objects.filter(report_id=report_id, state__in=CONTESTED).order_by()
    if entry_ids is not None:
        # A page's rows: most pages have no contested entry, and finding that out needs no join.
        entry_ids = list(contested.filter(pk__in=entry_ids).values_list("pk", flat=True))
        if not entry_ids:
            return {}
        contested = contested.filter(pk__in=entry_ids)
    rows = contested.exclude(dispute__isnull=True).values_list(
        "pk",
        "state",
        "dispute__filed_at",
        "dispute__case__decision__decided_at",
        "dispute__case__appeal__filed_at",
        "dispute__case__appeal__decision__decided_at",
        "dispute__case__statement__status",
        "dispute__case__statement__text",
    )
    marks = {}
    for pk, state, filed_at, decided_at, appealed_at, final_at, statement_status, statement in rows:
        if state == EntryState.UPHELD:
            mark = {"status": "upheld", "since": decided_at}
        elif state == EntryState.UPHELD_FINAL:
            mark = {"status": "upheld_final", "since": final_at}
        elif state == EntryState.APPEALED:
            mark = {"status": "appealed", "since": appealed_at}
        else:
            mark = {"status": "disputed", "since": filed_at}
        mark["since"] = mark["since"].date().isoformat() if mark["since"] else None
        if state in (EntryState.UPHELD, EntryState.UPHELD_FINAL) and statement_status == "approved":
            mark["statement"] = statement
        marks[pk] = mark
    return marks


def vanished_changes(revision: ReportRevision) -> dict | None:
    """For a report's first revision: the jurisdictions of the previous week's Section I or III it no longer names."""
    from .diff import diff_content

    vanished = list(revision.report.findings.filter(kind=Finding.Kind.VANISHED).values_list("section", "jurisdictions"))
    if not vanished:
        return None
    previous = (
        Report.objects.published()
        .filter(period_start__lt=revision.report.period_start)
        .order_by("-period_start")
        .first()
    )
    before = ReportRevision.objects.filter(report=previous).order_by("-number").only("sections").first()
    if before is None:
        return None
    gone = {(section, fips) for section, codes in vanished for fips in codes}
    empty = diff_content({}, {})
    return {
        **empty,
        "since": None,
        "since_report": previous.label,
        "section_i_left": [r for r in before.sections.get("section_i", []) if ("I", r["fips"]) in gone],
        "section_iii_left": [r for r in before.sections.get("section_iii", []) if ("III", r["fips"]) in gone],
        "any": True,
    }


def revision_pdf_sha(report_id: int, number: int) -> str | None:
    """The SHA-256 of a published revision's PDF, or None while it is not rendered."""
    rows = ReportRevision.objects.filter(report_id=report_id, number=number).exclude(pdf="")
    return rows.values_list("pdf_sha256", flat=True).first()
