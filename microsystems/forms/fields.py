"""Choice fields that refuse an id the database cannot hold before they query it.

A posted id beyond a 64-bit integer (positive or negative) makes SQLite raise
OverflowError and PostgreSQL an out-of-range error, both of which would be a
server error page; here it is simply an unknown choice, with the field's usual
message.
"""

from django import forms
from django.core.exceptions import ValidationError

LARGEST_ID = 2**63 - 1


def _beyond_any_id(value) -> bool:
    """A whole number past what an id column holds, either way ("-" and "+" included)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        # Not a whole number int() reads ("abc", "²", more than 4,300 digits): the
        # field's own lookup refuses it as an invalid choice without a query.
        return False
    return abs(number) > LARGEST_ID


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
