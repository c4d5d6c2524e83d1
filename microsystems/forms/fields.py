"""Choice fields that refuse an id the database cannot hold before they query it.

A posted id beyond a 64-bit integer makes SQLite raise OverflowError and
PostgreSQL an out-of-range error, both of which would be a server error page;
here it is simply an unknown choice, with the field's usual message.
"""

from django import forms
from django.core.exceptions import ValidationError

LARGEST_ID = 2**63 - 1


def _beyond_any_id(value) -> bool:
    text = str(value).strip()
    return text.isdigit() and int(text) > LARGEST_ID


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _beyond_any_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if _beyond_any_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
