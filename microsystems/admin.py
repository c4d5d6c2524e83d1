from django.contrib import admin
from django.db.models import Count

from microsystems.models import (
    Activity,
    ActivityDemand,
    ActivityEffort,
    DemandObservation,
    DemandType,
    Membership,
    Microsystem,
    Organisation,
    StaffRole,
    SubmissionToken,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "manager_count", "microsystem_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["managers"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                number_of_managers=Count("managers", distinct=True),
                number_of_microsystems=Count("microsystems", distinct=True),
            )
        )

    @admin.display(description="Managers", ordering="number_of_managers")
    def manager_count(self, organisation):
        return organisation.number_of_managers

    @admin.display(description="Microsystems", ordering="number_of_microsystems")
    def microsystem_count(self, organisation):
        return organisation.number_of_microsystems


@admin.register(Microsystem)
class MicrosystemAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "period_granularity", "archived_at", "updated_at"]
    list_filter = [
        "organisation",
        "period_granularity",
        ("archived_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "purpose", "public_value_goal"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["organisation"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "microsystem", "role"]
    list_filter = ["role", "microsystem__organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "microsystem__name"]
    list_select_related = ["user", "microsystem"]
    autocomplete_fields = ["user", "microsystem"]


@admin.register(DemandType)
class DemandTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "microsystem", "nature", "source", "unit", "handling_minutes"]
    list_filter = ["nature", "source", "microsystem__organisation"]
    search_fields = ["name", "microsystem__name"]
    list_select_related = ["microsystem"]
    autocomplete_fields = ["microsystem"]


@admin.register(DemandObservation)
class DemandObservationAdmin(admin.ModelAdmin):
    list_display = ["demand_type", "period_start", "volume"]
    list_filter = ["demand_type__nature", "demand_type__microsystem"]
    search_fields = ["demand_type__name", "demand_type__microsystem__name"]
    date_hierarchy = "period_start"
    list_select_related = ["demand_type", "demand_type__microsystem"]
    autocomplete_fields = ["demand_type"]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["title", "microsystem", "fte", "hours_per_fte", "hourly_cost"]
    list_filter = ["microsystem__organisation"]
    search_fields = ["title", "skills", "microsystem__name"]
    list_select_related = ["microsystem"]
    autocomplete_fields = ["microsystem"]


class ActivityEffortInline(admin.TabularInline):
    model = ActivityEffort
    extra = 1
    autocomplete_fields = ["staff_role"]


class ActivityDemandInline(admin.TabularInline):
    model = ActivityDemand
    extra = 1
    autocomplete_fields = ["demand_type"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "microsystem", "classification", "preventive", "other_costs"]
    list_filter = ["classification", "preventive", "microsystem__organisation"]
    search_fields = ["name", "description", "contribution", "microsystem__name"]
    list_select_related = ["microsystem"]
    autocomplete_fields = ["microsystem"]
    inlines = [ActivityEffortInline, ActivityDemandInline]


@admin.register(SubmissionToken)
class SubmissionTokenAdmin(admin.ModelAdmin):
    """Bookkeeping of create forms already sent; deleting a row lets that form create again."""

    list_display = ["token", "user", "created_url", "created_at"]
    search_fields = ["created_url", "user__username"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
