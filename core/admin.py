"""The Django admin's page classes, with the house form fields (core/fields.py).

Every ModelAdmin and inline of the project derives from these, so the admin's forms
refuse what the app's own forms refuse, the same way: a decimal field 'NaN', 'sNaN'
or 'Infinity' is "Enter a number." on the field, where Django's own DecimalField
lets 'sNaN' through to a comparison that raises (a server error); an id past what
the database holds is an unknown choice, not an overflow.
"""

from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models

from core import fields

HOUSE_FORM_FIELDS = {
    models.DecimalField: {"form_class": fields.DecimalField},
    models.ForeignKey: {"form_class": fields.ModelChoiceField},
    models.ManyToManyField: {"form_class": fields.ModelMultipleChoiceField},
}


class _ShowsOnlyIdsARowCanHave:
    """An autocomplete field shown again after a refused post looks up the posted ids to
    label them; an id no row can have ('abc', a number past 64 bits) would make that
    lookup fail (ValueError, OverflowError), a server error. Such an id is left out: the
    field's own error already says the choice is not valid."""

    def optgroups(self, name, value, attr=None):
        if isinstance(self.field.target_field, models.IntegerField):
            value = [posted for posted in value if fields.posted_id(str(posted)) is not None]
        return super().optgroups(name, value, attr)


class AutocompleteSelect(_ShowsOnlyIdsARowCanHave, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_ShowsOnlyIdsARowCanHave, widgets.AutocompleteSelectMultiple):
    pass


class HouseFieldsMixin:
    """For any admin page class, Django's own (the user admin) included."""

    formfield_overrides = HOUSE_FORM_FIELDS

    def _autocomplete_widget(self, widget_class, db_field, request, kwargs) -> None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = widget_class(db_field, self.admin_site, using=kwargs.get("using"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._autocomplete_widget(AutocompleteSelect, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._autocomplete_widget(AutocompleteSelectMultiple, db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ModelAdmin(HouseFieldsMixin, admin.ModelAdmin):
    pass


class TabularInline(HouseFieldsMixin, admin.TabularInline):
    pass


class StackedInline(HouseFieldsMixin, admin.StackedInline):
    pass
