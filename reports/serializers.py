"""API representations of reports and their frozen revisions (read-only, public)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Finding, Report, ReportRevision


def absolute_pdf_url(request, file, view_name: str, *args) -> str | None:
    """The absolute URL of the public view serving a rendered PDF, or None while it is not rendered."""
    if not file:
        return None
    url = reverse(view_name, args=args)
    return request.build_absolute_uri(url) if request is not None else url


# Frozen revision content is JSON; these serializers describe its shape and read it as dicts.
# Fields are read-only, so a key missing from an older revision is left out rather than failing.


class JurisdictionRefSerializer(serializers.Serializer):
    fips = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)


class DeclinedByJurisdictionSerializer(JurisdictionRefSerializer):
    declined = serializers.IntegerField(read_only=True)


class TotalsSerializer(serializers.Serializer):
    declined = serializers.IntegerField(read_only=True, help_text="Section II rows still published")
    removed = serializers.IntegerField(read_only=True, help_text="Section II rows removed by corrections")
    amended = serializers.IntegerField(read_only=True, help_text="Section II rows amended by corrections")
    jurisdictions_declining = serializers.IntegerField(read_only=True)
    declined_by_jurisdiction = DeclinedByJurisdictionSerializer(many=True, read_only=True)
    issued_top = serializers.IntegerField(read_only=True, help_text="Detainers issued to the Section I jurisdictions")
    policies = serializers.IntegerField(read_only=True, help_text="Section III listings")


class SectionIRowSerializer(JurisdictionRefSerializer):
    rank = serializers.IntegerField(read_only=True)
    issued = serializers.IntegerField(read_only=True, help_text="Detainers issued, with corrections applied")
    as_published = serializers.IntegerField(read_only=True, help_text="Detainers issued as first published")


class EntryFieldsSerializer(serializers.Serializer):
    """The published fields of a Section II entry, besides its jurisdiction."""

    facility = serializers.CharField(read_only=True)
    citizenship = serializers.CharField(read_only=True)
    detainer_issued = serializers.DateField(read_only=True)
    declined = serializers.DateField(read_only=True)
    criminal_activity = serializers.CharField(read_only=True)
    activity_basis = serializers.CharField(read_only=True, help_text="charge, conviction or empty")


DISPUTE_MARKS = [
    ("disputed", "Disputed by the jurisdiction"),
    ("upheld", "Upheld after a dispute"),
    ("appealed", "Upheld, and appealed by the jurisdiction"),
    ("upheld_final", "Upheld on appeal"),
]


class DisputeStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=DISPUTE_MARKS, read_only=True)
    since = serializers.DateField(read_only=True, allow_null=True)
    statement = serializers.CharField(
        read_only=True,
        required=False,
        help_text="The jurisdiction's standing statement on an upheld entry, once a reviewer approved it; "
        "absent otherwise",
    )


class SectionIIRowSerializer(JurisdictionRefSerializer, EntryFieldsSerializer):
    row = serializers.IntegerField(read_only=True, help_text="Position in Section II as first published")
    entry_id = serializers.IntegerField(read_only=True)
    amended = serializers.BooleanField(read_only=True)
    dispute_status = DisputeStatusSerializer(
        read_only=True,
        allow_null=True,
        help_text="Whether the jurisdiction contests the entry: as it stands now for the current revision, "
        "as it stood then for earlier ones; null when it does not",
    )


class SectionIIIRowSerializer(JurisdictionRefSerializer):
    policy = serializers.CharField(read_only=True)


class RevisionSerializer(serializers.ModelSerializer):
    totals = TotalsSerializer(read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRevision
        fields = ["number", "generated_at", "reason", "totals", "pdf_url", "pdf_sha256"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, revision: ReportRevision) -> str | None:
        return absolute_pdf_url(
            self.context.get("request"), revision.pdf, "revision-pdf", revision.report_id, revision.number
        )


class RevisionContentSerializer(RevisionSerializer):
    """A revision with its frozen Sections I–III."""

    report = serializers.IntegerField(source="report_id", read_only=True)
    section_i = SectionIRowSerializer(source="content.section_i", many=True, read_only=True)
    section_ii = SectionIIRowSerializer(source="content.section_ii", many=True, read_only=True)
    section_iii = SectionIIIRowSerializer(source="content.section_iii", many=True, read_only=True)
    changes = serializers.SerializerMethodField(
        help_text="What changed since the previous revision (null for the first)"
    )

    class Meta(RevisionSerializer.Meta):
        fields = ["report", *RevisionSerializer.Meta.fields, "changes", "section_i", "section_ii", "section_iii"]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_changes(self, revision: ReportRevision) -> dict | None:
        return revision.changes


def _current(report: Report) -> ReportRevision | None:
    # public_reports() prefetches the current revision and get_report() every one, so this reads the prefetch cache.
    revisions = list(report.revisions.all())
    return max(revisions, key=lambda r: r.number) if revisions else None


class ReportSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    current_revision = serializers.SerializerMethodField(help_text="Number of the latest revision")
    totals = serializers.SerializerMethodField(help_text="Totals of the latest revision")

    class Meta:
        model = Report
        fields = ["id", "status", "period_start", "period_end", "label", "current_revision", "totals"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_current_revision(self, report: Report) -> int | None:
        revision = _current(report)
        return revision.number if revision else None

    @extend_schema_field(TotalsSerializer(allow_null=True))
    def get_totals(self, report: Report) -> dict | None:
        revision = _current(report)
        return TotalsSerializer(revision.totals).data if revision else None


class ReportDetailSerializer(ReportSerializer):
    revisions = RevisionSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "revisions"]


class FindingSerializer(serializers.ModelSerializer):
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", read_only=True, allow_null=True)
    rows = serializers.ListField(child=serializers.IntegerField(), read_only=True, help_text="Section II rows")
    jurisdictions = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="FIPS codes")

    class Meta:
        model = Finding
        fields = [
            "id",
            "kind",
            "severity",
            "section",
            "rows",
            "jurisdictions",
            "explanation",
            "acknowledged_at",
            "acknowledged_by",
            "acknowledgement",
        ]


class AcknowledgeInput(serializers.Serializer):
    note = serializers.CharField(help_text="What was checked, or why the finding does not stop publication")


class AcknowledgementInput(AcknowledgeInput):
    finding = serializers.IntegerField()


class KindAcknowledgementInput(AcknowledgeInput):
    kind = serializers.ChoiceField(choices=Finding.Kind.choices)


class PublishInput(serializers.Serializer):
    acknowledgements = AcknowledgementInput(
        many=True,
        required=False,
        help_text="Acknowledge open findings on the way; every finding must end up acknowledged",
    )
    kind_acknowledgements = KindAcknowledgementInput(
        many=True,
        required=False,
        help_text="Acknowledge every open finding of a kind with one note, except those given a note of their own "
        "in `acknowledgements`; logged once per kind",
    )


class JurisdictionWeekSerializer(serializers.Serializer):
    report = serializers.IntegerField(source="report.pk", read_only=True)
    period_start = serializers.DateField(source="report.period_start", read_only=True)
    period_end = serializers.DateField(source="report.period_end", read_only=True)
    revision = serializers.IntegerField(read_only=True, help_text="The week's current revision")
    rank = serializers.IntegerField(read_only=True, allow_null=True, help_text="Section I rank; null when not listed")
    issued = serializers.IntegerField(read_only=True, allow_null=True, help_text="Section I detainers issued")
    issued_as_published = serializers.IntegerField(read_only=True, allow_null=True)
    declined = serializers.IntegerField(read_only=True, help_text="Section II declined detainers")
    policy = serializers.CharField(
        read_only=True, allow_null=True, help_text="Section III policy; null when not listed"
    )


class JurisdictionCountsSerializer(serializers.Serializer):
    listed = serializers.IntegerField(read_only=True, help_text="Section II entries across published reports")
    disputed = serializers.IntegerField(read_only=True, help_text="Entries disputed (in any state after listed)")
    corrected = serializers.IntegerField(read_only=True)
    upheld = serializers.IntegerField(read_only=True)


class JurisdictionSeriesSerializer(serializers.Serializer):
    jurisdiction = JurisdictionRefSerializer(read_only=True)
    counts = JurisdictionCountsSerializer(read_only=True)
    weeks = JurisdictionWeekSerializer(many=True, read_only=True)
    corrections = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text="Its corrections, as rows of /data/corrections.json"
    )


class ApiErrorSerializer(serializers.Serializer):
    """The body of every API error: the reason, and the input field at fault when there is one."""

    detail = serializers.CharField()
    field = serializers.CharField(required=False, help_text="The input field at fault, when there is one")
