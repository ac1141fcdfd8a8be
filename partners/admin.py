from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners.models import (
    GlossaryTerm,
    Membership,
    Organisation,
    Partnership,
    Person,
    RagStatus,
    ResourceCommitment,
)


class RagStatusInline(admin.TabularInline):
    model = RagStatus
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "year_start_month"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RagStatusInline]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name", "kind", "partnership"]
    list_filter = ["partnership", "kind"]
    search_fields = ["short_name", "name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "job_title", "email", "user", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["name", "email"]
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "partnership", "role", "can_see_dhr"]
    list_filter = ["partnership", "role", "can_see_dhr"]
    search_fields = ["user__username", "user__email"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["acronym", "meaning", "partnership"]
    list_filter = ["partnership"]


@admin.register(ResourceCommitment)
class ResourceCommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "partnership", "plan", "status"]
    list_filter = ["partnership", "status"]
