"""API representations of reports and their frozen revisions (read-only, public)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Report, ReportRevision
from .selectors import revision_changes


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


class SectionIIRowSerializer(JurisdictionRefSerializer, EntryFieldsSerializer):
    row = serializers.IntegerField(read_only=True, help_text="Position in Section II as first published")
    entry_id = serializers.IntegerField(read_only=True)
    amended = serializers.BooleanField(read_only=True)


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
        return revision_changes(revision)


def _current(report: Report) -> ReportRevision | None:
    # public_reports() prefetches revisions newest first, so this reads the prefetch cache.
    revisions = list(report.revisions.all())
    return max(revisions, key=lambda r: r.number) if revisions else None


class ReportSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    current_revision = serializers.SerializerMethodField(help_text="Number of the latest revision")
    totals = serializers.SerializerMethodField(help_text="Totals of the latest revision")

    class Meta:
        model = Report
        fields = ["id", "period_start", "period_end", "label", "current_revision", "totals"]

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


class ApiErrorSerializer(serializers.Serializer):
    """The body of every API error: the reason, and the input field at fault when there is one."""

    detail = serializers.CharField(read_only=True)
    field = serializers.CharField(read_only=True, required=False)
