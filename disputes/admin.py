from django.contrib import admin

from reports.admin import ReadOnlyAdmin

from .models import Case, Correction, CorrectionNotice, Decision, Dispute, Evidence, Notification, TransitionLog


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("pk", "jurisdiction", "ground", "filed_by", "filed_at", "submitted_at")
    list_filter = ("ground",)


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ("pk", "case", "entry", "filed_by", "filed_at")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "case", "content_type", "size", "captured_at", "uploaded_at", "deleted_at")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("pk", "case", "outcome", "ground", "decided_by", "decided_at")
    list_filter = ("outcome", "ground")


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ("entry", "action", "decision", "revision", "created_at")


@admin.register(CorrectionNotice)
class CorrectionNoticeAdmin(ReadOnlyAdmin):
    list_display = ("number", "decision", "issued_at", "rendered_at")


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ("entry", "transition", "from_state", "to_state", "actor", "at")
    list_filter = ("transition",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("key", "template", "created_at", "sent_at")
