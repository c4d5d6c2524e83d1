from django.contrib.auth.backends import ModelBackend


class SignInBackend(ModelBackend):
    """Django's ModelBackend, which notes on the request when the right password was
    given for a deactivated account, so the sign-in form can say why it is refused.

    ModelBackend asks `user_can_authenticate` only after the password matched, so
    this costs no second password hash: a refused sign-in takes the same time
    whether the account is deactivated, the password wrong or the user unknown.
    Django makes a new backend object for every authentication.
    """

    request = None

    def authenticate(self, request, username=None, password=None, **kwargs):
        self.request = request
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user) -> bool:
        allowed = super().user_can_authenticate(user)
        if not allowed and self.request is not None:
            self.request.deactivated_account_signing_in = True
        return allowed
