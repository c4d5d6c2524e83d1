from django.contrib import admin

from core import admin as house
from stakeholders.models import Expectation, Stakeholder


class ExpectationInline(house.TabularInline):
    model = Expectation
    extra = 0
    fields = ["statement", "kind", "priority"]


@admin.register(Stakeholder)
class StakeholderAdmin(house.ModelAdmin):
    list_display = ["name", "microsystem", "kind", "power", "interest"]
    list_filter = ["kind", "microsystem__organisation"]
    search_fields = ["name", "description", "microsystem__name"]
    list_select_related = ["microsystem"]
    autocomplete_fields = ["microsystem"]
    inlines = [ExpectationInline]


@admin.register(Expectation)
class ExpectationAdmin(house.ModelAdmin):
    list_display = ["statement", "stakeholder", "kind", "priority"]
    list_filter = ["kind", "priority"]
    search_fields = ["statement", "stakeholder__name"]
    list_select_related = ["stakeholder"]
    autocomplete_fields = ["stakeholder"]
