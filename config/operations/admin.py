from django.contrib import admin

from reports.admin import ReadOnlyAdmin

from .models import FailedTask


@admin.register(FailedTask)
class FailedTaskAdmin(ReadOnlyAdmin):
    list_display = ("task", "object_id", "error", "attempts", "failed_at", "resolved_at")
    list_filter = ("task", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("error",)
