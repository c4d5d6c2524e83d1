"""The Django admin's page classes, with the house form fields (core/fields.py).

Every ModelAdmin and inline of the project derives from these, so the admin's forms
refuse what the app's own forms refuse, the same way: a decimal field 'NaN', 'sNaN'
or 'Infinity' is "Enter a number." on the field, where Django's own DecimalField
lets 'sNaN' through to a comparison that raises (a server error); an id past what
the database holds is an unknown choice, not an overflow.
"""

from django.contrib import admin
from django.db import models

from core import fields

HOUSE_FORM_FIELDS = {
    models.DecimalField: {"form_class": fields.DecimalField},
    models.ForeignKey: {"form_class": fields.ModelChoiceField},
    models.ManyToManyField: {"form_class": fields.ModelMultipleChoiceField},
}


class ModelAdmin(admin.ModelAdmin):
    formfield_overrides = HOUSE_FORM_FIELDS


class TabularInline(admin.TabularInline):
    formfield_overrides = HOUSE_FORM_FIELDS


class StackedInline(admin.StackedInline):
    formfield_overrides = HOUSE_FORM_FIELDS
