from django.contrib import admin
from django.db.models import Count

from microsystems.models import Membership, Microsystem, Organisation


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
