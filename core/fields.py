"""Fields for what only a hand-made request gets wrong.

Choice fields, and ids in posted field names, refuse an id the database cannot
hold before they query it.

A posted id beyond a 64-bit integer (positive or negative) makes SQLite raise
OverflowError and PostgreSQL an out-of-range error, both of which would be a
server error page; here it is simply an unknown choice, with the field's usual
message.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

LARGEST_ID = 2**63 - 1
_ID_DIGITS = re.compile(r"\d+")


def posted_id(text: str) -> int | None:
    """The id a part of a posted field name gives ("12" -> 12), or None if no row can
    have it: not digits, or more digits than an id holds (int() itself refuses more
    than 4,300, and the database anything past 64 bits)."""
    if not _ID_DIGITS.fullmatch(text) or len(text.lstrip("0")) > len(str(LARGEST_ID)):
        return None
    number = int(text)
    return number if number <= LARGEST_ID else None


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


class HiddenTextField(forms.CharField):
    """A hidden value the page sent back, which the form only parses or compares (a
    one-time token, an edit fingerprint): never required, and any text, a NUL included.

    A CharField refuses a NUL with an error on the field; on a hidden field the page has
    nowhere to show it, so the form would come back saying "correct the highlighted
    field" with nothing highlighted. The form decides instead what a value it cannot use
    means (no token; someone else's change).
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
