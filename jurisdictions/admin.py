from django.contrib import admin

from reports.admin import ReadOnlyAdmin

from .models import Account, Facility, Jurisdiction, SecurityEvent


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("name", "state", "kind", "fips")
    list_filter = ("state", "kind")
    search_fields = ("name", "fips")


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("name", "jurisdiction")
    search_fields = ("name", "jurisdiction__name")
    autocomplete_fields = ("jurisdiction",)


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "jurisdiction")
    list_filter = ("role",)
    autocomplete_fields = ("jurisdiction",)


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "username", "address", "method", "path", "detail")
    list_filter = ("kind",)
    search_fields = ("username", "address", "path")
