"""Failed sign-ins lock out (django-axes): the limits, the address, the page.

Axes records every failed sign-in (AccessAttempt rows, listed in the admin,
where deleting a row lifts its lockout) and refuses sign-in once a lockout
group (AXES_LOCKOUT_PARAMETERS) has failed too often within the cool-off.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKED_OUT = (
    "Too many failed sign-in attempts: signing in from here is paused for {minutes} minutes, "
    "and each further attempt starts the pause again. If you have forgotten your password, "
    "ask an administrator, who can also lift the pause."
)


# AccessAttempt.username's max_length in axes' models.
RECORDED_USERNAME_LENGTH = 255


class FailureLimitPerGroupHandler(AxesDatabaseHandler):
    """Axes' database handler with a failure limit for each lockout group.

    Axes compares one failure count with one limit, AXES_FAILURE_LIMIT. We want
    few failures for one account from one address but more for a whole address
    (a council office signs in from one address), so each group's failures are
    rescaled to AXES_FAILURE_LIMIT before axes takes the highest: a group reaches
    AXES_FAILURE_LIMIT exactly when it reaches its own limit in
    SIGNIN_FAILURE_LIMITS. Same queries as axes' own: one sum per group.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        scale = settings.AXES_FAILURE_LIMIT
        group_failures = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        return max(
            failures * scale // limit
            for failures, limit in zip(group_failures, settings.SIGNIN_FAILURE_LIMITS, strict=True)
        )


def attempted_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username tried, cut to the length axes records (AXES_USERNAME_CALLABLE).

    The sign-in form passes any length on to authenticate; a longer one made
    PostgreSQL refuse axes' record, and the sign-in page fail with a server error.
    """
    username = (credentials or request.POST).get("username")
    return None if username is None else str(username)[:RECORDED_USERNAME_LENGTH]


def address_behind_proxy(request: HttpRequest) -> str | None:
    """The client's address as our load balancer saw it: the last entry of
    X-Forwarded-For, the one the balancer added (earlier ones come from the
    client and could be anything). Used only when BEHIND_PROXY is set."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The sign-in page again, with the lockout explained (AXES_LOCKOUT_CALLABLE)."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {
        "form": AuthenticationForm(request, initial={"username": request.POST.get("username", "")}),
        "lockout_message": LOCKED_OUT.format(minutes=minutes),
        "next": request.POST.get("next", request.GET.get("next", "")),
    }
    return render(request, "accounts/login.html", context, status=429)
