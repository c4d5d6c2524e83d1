from django.contrib import admin

from valuation.models import Assessment, ValueDimension


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
    search_fields = ["microsystem__name", "period_label"]
    date_hierarchy = "start_date"
    list_select_related = ["microsystem", "created_by"]
    autocomplete_fields = ["microsystem"]
    readonly_fields = ["created_at"]
