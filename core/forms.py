"""Forms and form helpers every app uses: the confirm form, a service's refusal on a form."""

from django import forms
from django.core.exceptions import ValidationError


class ConfirmForm(forms.Form):
    """An empty form: a POST with a valid CSRF token is the confirmation."""


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal, next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
