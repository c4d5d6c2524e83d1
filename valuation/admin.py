from django import forms
from django.contrib import admin

from core import admin as house
from valuation.models import (
    Assessment,
    AssessmentRecord,
    DimensionWeight,
    ImprovementBenefit,
    ImprovementIdea,
    ImprovementStatusChange,
    Judgement,
    Measure,
    Measurement,
    MeasureTarget,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
)
from valuation.services.measures import MEASURE_FIELDS, measure_rule_errors


@admin.register(ValueDimension)
class ValueDimensionAdmin(house.ModelAdmin):
    list_display = ["name", "description", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Assessment)
class AssessmentAdmin(house.ModelAdmin):
    list_display = ["microsystem", "period_label", "start_date", "end_date", "status", "created_by"]
    list_filter = ["status", "microsystem__organisation"]
    date_hierarchy = "start_date"
    list_select_related = ["microsystem", "created_by"]
    autocomplete_fields = ["microsystem"]
    readonly_fields = ["created_at"]
    search_fields = ["microsystem__name", "period_label"]


class MeasureAdminForm(forms.ModelForm):
    """The in-app page's rules in the Django admin too: a code unique ignoring capitals and
    fixed once measurements use it, no retired dimension, chosen microsystems when not all."""

    class Meta:
        model = Measure
        fields = [*MEASURE_FIELDS, "active", "microsystems"]

    def _post_clean(self) -> None:
        super()._post_clean()
        problems = measure_rule_errors(
            self.instance, microsystems=self.cleaned_data.get("microsystems")
        )
        # A duplicate name is already reported by the model's own constraint check.
        problems.pop("name", None)
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)


@admin.register(Measure)
class MeasureAdmin(house.ModelAdmin):
    form = MeasureAdminForm
    list_display = ["name", "code", "dimension", "kind", "direction", "side", "active"]
    list_filter = ["active", "dimension", "kind", "side", "direction"]
    search_fields = ["name", "code", "description"]
    list_select_related = ["dimension"]
    filter_horizontal = ["microsystems"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Measurement)
class MeasurementAdmin(house.ModelAdmin):
    list_display = ["measure", "microsystem", "period_start", "value", "recorded_by"]
    list_filter = ["measure"]
    search_fields = ["measure__code", "microsystem__name"]
    date_hierarchy = "period_start"
    list_select_related = ["measure", "microsystem", "recorded_by"]
    autocomplete_fields = ["microsystem", "measure"]


class DimensionWeightInline(house.TabularInline):
    model = DimensionWeight
    extra = 0


@admin.register(StakeholderWeight)
class StakeholderWeightAdmin(house.ModelAdmin):
    list_display = ["stakeholder", "assessment", "method", "consistency_ratio"]
    list_filter = ["method"]
    search_fields = ["stakeholder__name", "assessment__period_label"]
    list_select_related = ["stakeholder", "assessment__microsystem"]
    autocomplete_fields = ["stakeholder", "assessment"]
    inlines = [DimensionWeightInline]


@admin.register(DimensionWeight)
class DimensionWeightAdmin(house.ModelAdmin):
    list_display = ["stakeholder_weight", "dimension", "weight"]
    list_select_related = ["stakeholder_weight__stakeholder", "dimension"]
    search_fields = ["stakeholder_weight__stakeholder__name", "dimension__name"]


@admin.register(Judgement)
class JudgementAdmin(house.ModelAdmin):
    list_display = ["stakeholder", "assessment", "dimension", "activity", "score", "recorded_by"]
    list_filter = ["dimension"]
    search_fields = ["stakeholder__name", "rationale"]
    list_select_related = ["stakeholder", "assessment__microsystem", "dimension", "activity"]
    autocomplete_fields = ["stakeholder", "assessment", "activity"]


@admin.register(VoiceWeight)
class VoiceWeightAdmin(house.ModelAdmin):
    list_display = ["stakeholder", "assessment", "weight"]
    search_fields = ["stakeholder__name"]
    list_select_related = ["stakeholder", "assessment__microsystem"]
    autocomplete_fields = ["stakeholder", "assessment"]


@admin.register(MeasureTarget)
class MeasureTargetAdmin(house.ModelAdmin):
    list_display = ["measure", "microsystem", "baseline", "target", "set_by", "set_at"]
    list_filter = ["measure"]
    search_fields = ["measure__code", "microsystem__name", "reason"]
    list_select_related = ["measure", "microsystem", "set_by"]
    autocomplete_fields = ["microsystem", "measure"]
    readonly_fields = ["set_by", "set_at"]

    def save_model(self, request, obj, form, change):
        # Who set the unit's own reference is part of its record, as on the app's page.
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


class ImprovementBenefitInline(house.TabularInline):
    model = ImprovementBenefit
    extra = 0


@admin.register(ImprovementIdea)
class ImprovementIdeaAdmin(house.ModelAdmin):
    list_display = ["title", "microsystem", "status", "owner", "adopted_on"]
    list_filter = ["status", "aim"]
    search_fields = ["title", "microsystem__name"]
    list_select_related = ["microsystem", "owner"]
    autocomplete_fields = ["microsystem", "owner", "activities", "demand_types", "measures"]
    inlines = [ImprovementBenefitInline]


@admin.register(ImprovementBenefit)
class ImprovementBenefitAdmin(house.ModelAdmin):
    list_display = ["idea", "dimension", "points"]
    list_select_related = ["idea", "dimension"]
    search_fields = ["idea__title"]


@admin.register(ImprovementStatusChange)
class ImprovementStatusChangeAdmin(house.ModelAdmin):
    list_display = ["idea", "status", "changed_on", "recorded_by", "recorded_at"]
    list_filter = ["status"]
    list_select_related = ["idea", "recorded_by"]
    search_fields = ["idea__title", "note"]


@admin.register(AssessmentRecord)
class AssessmentRecordAdmin(house.ModelAdmin):
    """Read only: an approved record is evidence, changed by no one (reopening supersedes
    it through the site, with a reason)."""

    list_display = ["assessment", "version", "approved_at", "approved_by_name", "superseded_at"]
    list_select_related = ["assessment__microsystem"]
    search_fields = ["assessment__period_label", "assessment__microsystem__name"]
    exclude = ["inputs", "result", "perspectives", "context"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
