from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

DEACTIVATED = (
    "This account has been deactivated, so it cannot sign in. Ask a manager of your "
    "organisation if you need it again."
)


class SignInForm(AuthenticationForm):
    """Django's sign-in form, which says so when the account was deactivated.

    Only to someone who gave that account's right password: a wrong password
    gets the usual message, so the form reveals nothing to a guesser.
    """

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # Set by accounts.backends.SignInBackend, only after the password matched.
            if getattr(self.request, "deactivated_account_signing_in", False):
                raise ValidationError(DEACTIVATED, code="inactive") from None
            raise


class ProfileForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(label="E-mail address", max_length=150)
