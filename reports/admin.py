from django.contrib import admin

from .models import Finding, ListedDetainer, Report, ReportLog, ReportRevision


class ReadOnlyAdmin(admin.ModelAdmin):
    """Published records change only through the workflow, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "period_start", "period_end", "imported_at", "published_at")
    list_filter = ("status",)


@admin.register(ReportRevision)
class ReportRevisionAdmin(ReadOnlyAdmin):
    list_display = ("report", "number", "generated_at", "reason")
    list_filter = ("report",)


@admin.register(ListedDetainer)
class ListedDetainerAdmin(ReadOnlyAdmin):
    list_display = ("report", "row_number", "jurisdiction", "facility", "declined", "state")
    list_filter = ("state", "report", "jurisdiction__state")
    search_fields = ("jurisdiction__name", "facility__name")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("report", "kind", "severity", "section", "acknowledged_at", "acknowledged_by")
    list_filter = ("kind", "severity", "report")


@admin.register(ReportLog)
class ReportLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "period", "action", "actor", "note")
    list_filter = ("action",)
