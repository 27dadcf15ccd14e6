from django.contrib import admin

from .models import Account, Facility, Jurisdiction


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
