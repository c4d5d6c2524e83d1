"""The Django admin of units, teams and people.

The last-lead rule holds here as in the app (microsystems/services/people.py): the
admin refuses, with the reason, a save or delete that would leave a unit without a
team leader, before anything is written. On PostgreSQL the database would refuse it
anyway, at commit (migration 0009), but as an IntegrityError: a server error page.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count
from django.http import HttpResponseRedirect

from core import admin as house
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
from microsystems.services.people import (
    LEADS_ALONE,
    UNIT_LEFT_WITHOUT_LEAD,
    display_name,
    unit_names,
    units_led_alone,
    units_left_without_a_lead,
)

LEAD = Membership.Role.LEAD
# The database's own check (migration 0009, PostgreSQL): names itself in its error.
LAST_LEAD_TRIGGER = "microsystems_membership_keeps_a_lead"
REFUSED_AT_COMMIT = (
    "Nothing was saved: a unit would have been left without a team leader (someone "
    "else changed its team at the same time). Look at the team again and retry."
)


class RefusedAtCommitMixin:
    """The checks below run before saving, but a change made at the same instant by
    someone else can still leave a unit without a lead by the time this one commits;
    the database then refuses the whole save. Say so, rather than a server error."""

    def _refused_at_commit(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except IntegrityError as error:
            if LAST_LEAD_TRIGGER not in str(error):
                raise
            self.message_user(request, REFUSED_AT_COMMIT, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        return self._refused_at_commit(request, super().changeform_view, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refused_at_commit(request, super().delete_view, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._refused_at_commit(request, super().changelist_view, *args, **kwargs)


def last_lead_protections(going) -> list[str]:
    """For the delete pages' list of what stops a delete: one line per unit whose every
    team leader is among the memberships `going`."""
    return [
        UNIT_LEFT_WITHOUT_LEAD.format(units=unit.name) for unit in units_left_without_a_lead(going)
    ]


class MembershipInlineFormSet(forms.BaseInlineFormSet):
    """A unit that has a team leader keeps one, whatever the rows of the save do."""

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        if not Membership.objects.filter(microsystem=self.instance, role=LEAD).exists():
            return  # a unit set up without a lead: nothing to lose
        leads_after_save = [
            form
            for form in self.forms
            if form.cleaned_data.get("role") == LEAD
            and form.cleaned_data.get("user") is not None
            and not self._should_delete_form(form)
            and (form.instance.pk is not None or form.has_changed())
        ]
        if not leads_after_save:
            raise ValidationError(
                UNIT_LEFT_WITHOUT_LEAD.format(units=self.instance.name), code="last_lead"
            )


class MembershipInline(house.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(house.ModelAdmin):
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
class MicrosystemAdmin(RefusedAtCommitMixin, house.ModelAdmin):
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


class MembershipAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        unit = cleaned_data.get("microsystem")
        still_lead_there = cleaned_data.get("role") == LEAD and (
            unit is not None and unit.pk == self.instance.microsystem_id
        )
        if not still_lead_there:
            units = units_left_without_a_lead(Membership.objects.filter(pk=self.instance.pk))
            if units:
                raise ValidationError(
                    UNIT_LEFT_WITHOUT_LEAD.format(units=unit_names(units)), code="last_lead"
                )
        return cleaned_data


@admin.register(Membership)
class MembershipAdmin(RefusedAtCommitMixin, house.ModelAdmin):
    list_display = ["user", "microsystem", "role"]
    list_filter = ["role", "microsystem__organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "microsystem__name"]
    list_select_related = ["user", "microsystem"]
    autocomplete_fields = ["user", "microsystem"]
    form = MembershipAdminForm

    def get_deleted_objects(self, objs, request):
        deleted, counts, permissions_needed, protected = super().get_deleted_objects(objs, request)
        pks = [membership.pk for membership in objs]
        going = Membership.objects.filter(pk__in=pks)
        return deleted, counts, permissions_needed, [*protected, *last_lead_protections(going)]


@admin.register(DemandType)
class DemandTypeAdmin(house.ModelAdmin):
    list_display = ["name", "microsystem", "nature", "source", "unit", "handling_minutes"]
    list_filter = ["nature", "source", "microsystem__organisation"]
    search_fields = ["name", "microsystem__name"]
    list_select_related = ["microsystem"]
    autocomplete_fields = ["microsystem"]


@admin.register(DemandObservation)
class DemandObservationAdmin(house.ModelAdmin):
    list_display = ["demand_type", "period_start", "volume"]
    list_filter = ["demand_type__nature", "demand_type__microsystem"]
    search_fields = ["demand_type__name", "demand_type__microsystem__name"]
    date_hierarchy = "period_start"
    list_select_related = ["demand_type", "demand_type__microsystem"]
    autocomplete_fields = ["demand_type"]


@admin.register(StaffRole)
class StaffRoleAdmin(house.ModelAdmin):
    list_display = ["title", "microsystem", "fte", "hours_per_fte", "hourly_cost"]
    list_filter = ["microsystem__organisation"]
    search_fields = ["title", "skills", "microsystem__name"]
    list_select_related = ["microsystem"]
    autocomplete_fields = ["microsystem"]


class ActivityEffortInline(house.TabularInline):
    model = ActivityEffort
    extra = 1
    autocomplete_fields = ["staff_role"]


class ActivityDemandInline(house.TabularInline):
    model = ActivityDemand
    extra = 1
    autocomplete_fields = ["demand_type"]


@admin.register(Activity)
class ActivityAdmin(house.ModelAdmin):
    list_display = ["name", "microsystem", "classification", "preventive", "other_costs"]
    list_filter = ["classification", "preventive", "microsystem__organisation"]
    search_fields = ["name", "description", "contribution", "microsystem__name"]
    list_select_related = ["microsystem"]
    autocomplete_fields = ["microsystem"]
    inlines = [ActivityEffortInline, ActivityDemandInline]


@admin.register(SubmissionToken)
class SubmissionTokenAdmin(house.ModelAdmin):
    """Bookkeeping of create forms already sent; deleting a row lets that form create again."""

    list_display = ["token", "user", "created_url", "created_at"]
    search_fields = ["created_url", "user__username"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


User = get_user_model()


class PersonChangeForm(UserChangeForm):
    """Deactivating someone in the admin follows the app's rule: not the only team leader
    (who can sign in) of a unit."""

    def clean_is_active(self):
        is_active = self.cleaned_data["is_active"]
        if not is_active and self.instance.pk and self.instance.is_active:
            alone = units_led_alone(self.instance)
            if alone:
                raise ValidationError(
                    LEADS_ALONE.format(name=display_name(self.instance), units=", ".join(alone)),
                    code="leads_alone",
                )
        return is_active


admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(RefusedAtCommitMixin, house.HouseFieldsMixin, UserAdmin):
    """Django's user admin, with the house fields and the last-lead rule on deactivating
    and deleting."""

    form = PersonChangeForm

    def get_deleted_objects(self, objs, request):
        deleted, counts, permissions_needed, protected = super().get_deleted_objects(objs, request)
        going = Membership.objects.filter(user__in=[person.pk for person in objs])
        return deleted, counts, permissions_needed, [*protected, *last_lead_protections(going)]
