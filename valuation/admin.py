from django import forms
from django.contrib import admin

from valuation.models import (
    Assessment,
    DimensionWeight,
    ImprovementBenefit,
    ImprovementIdea,
    ImprovementStatusChange,
    Judgement,
    Measure,
    Measurement,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
)
from valuation.services.measures import MEASURE_FIELDS, measure_rule_errors


@admin.register(ValueDimension)
class ValueDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
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
class MeasureAdmin(admin.ModelAdmin):
    form = MeasureAdminForm
    list_display = ["name", "code", "dimension", "kind", "direction", "side", "active"]
    list_filter = ["active", "dimension", "kind", "side", "direction"]
    search_fields = ["name", "code", "description"]
    list_select_related = ["dimension"]
    filter_horizontal = ["microsystems"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["measure", "microsystem", "period_start", "value", "recorded_by"]
    list_filter = ["measure"]
    search_fields = ["measure__code", "microsystem__name"]
    date_hierarchy = "period_start"
    list_select_related = ["measure", "microsystem", "recorded_by"]
    autocomplete_fields = ["microsystem", "measure"]


class DimensionWeightInline(admin.TabularInline):
    model = DimensionWeight
    extra = 0


@admin.register(StakeholderWeight)
class StakeholderWeightAdmin(admin.ModelAdmin):
    list_display = ["stakeholder", "assessment", "method", "consistency_ratio"]
    list_filter = ["method"]
    search_fields = ["stakeholder__name", "assessment__period_label"]
    list_select_related = ["stakeholder", "assessment__microsystem"]
    autocomplete_fields = ["stakeholder", "assessment"]
    inlines = [DimensionWeightInline]


@admin.register(DimensionWeight)
class DimensionWeightAdmin(admin.ModelAdmin):
    list_display = ["stakeholder_weight", "dimension", "weight"]
    list_select_related = ["stakeholder_weight__stakeholder", "dimension"]
    search_fields = ["stakeholder_weight__stakeholder__name", "dimension__name"]


@admin.register(Judgement)
class JudgementAdmin(admin.ModelAdmin):
    list_display = ["stakeholder", "assessment", "dimension", "activity", "score", "recorded_by"]
    list_filter = ["dimension"]
    search_fields = ["stakeholder__name", "rationale"]
    list_select_related = ["stakeholder", "assessment__microsystem", "dimension", "activity"]
    autocomplete_fields = ["stakeholder", "assessment", "activity"]


@admin.register(VoiceWeight)
class VoiceWeightAdmin(admin.ModelAdmin):
    list_display = ["stakeholder", "assessment", "weight"]
    search_fields = ["stakeholder__name"]
    list_select_related = ["stakeholder", "assessment__microsystem"]
    autocomplete_fields = ["stakeholder", "assessment"]


class ImprovementBenefitInline(admin.TabularInline):
    model = ImprovementBenefit
    extra = 0


@admin.register(ImprovementIdea)
class ImprovementIdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "microsystem", "status", "owner", "adopted_on"]
    list_filter = ["status", "aim"]
    search_fields = ["title", "microsystem__name"]
    list_select_related = ["microsystem", "owner"]
    autocomplete_fields = ["microsystem", "owner", "activities", "demand_types", "measures"]
    inlines = [ImprovementBenefitInline]


@admin.register(ImprovementBenefit)
class ImprovementBenefitAdmin(admin.ModelAdmin):
    list_display = ["idea", "dimension", "points"]
    list_select_related = ["idea", "dimension"]
    search_fields = ["idea__title"]


@admin.register(ImprovementStatusChange)
class ImprovementStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["idea", "status", "changed_on", "recorded_by", "recorded_at"]
    list_filter = ["status"]
    list_select_related = ["idea", "recorded_by"]
    search_fields = ["idea__title", "note"]
