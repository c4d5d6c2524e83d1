"""Sessions end after SESSION_IDLE_TIMEOUT seconds without a request, and
SESSION_ABSOLUTE_AGE seconds after signing in however active they are.

Sign-in stamps the session with both times; the middleware checks them on
every signed-in request. It records activity at most every few minutes rather
than saving the session on every request, which would add a database write to
every page.

It is also the session engine (settings.SESSION_ENGINE): Django's database
sessions, reading a session with a query compiled once per process.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core.prepared_queries import PreparedQuery

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"

SIGNED_OUT_IDLE = (
    "You were signed out after {duration} without activity. Sign in again to carry on."
)
SIGNED_OUT_MAX_AGE = (
    "You were signed out because you signed in more than {duration} ago. Sign in again to carry on."
)

# Activity is recorded when the last record is older than this, so the idle
# limit holds to within this much.
LONGEST_ACTIVITY_RECORD_INTERVAL = 5 * 60


def describe_duration(seconds: int) -> str:
    """'2 hours', '90 minutes', '1 minute'."""
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def stamp_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """On user_logged_in: the session starts its clocks now (saved with the login)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Signs out a session that has been idle too long or is too old.

    Placed after the session, authentication and message middleware; the
    signed-out request then goes on as an anonymous one, so
    LoginRequiredMiddleware sends it to the sign-in page with `next`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Reading the session costs nothing extra: a signed-in request loads it
        # anyway, and one without a session cookie never touches the database.
        if SESSION_KEY in request.session:
            self.check_session(request)
        return self.get_response(request)

    @staticmethod
    def check_session(request: HttpRequest) -> None:
        session = request.session
        now = time.time()
        signed_in_at = session.get(SIGNED_IN_AT)
        last_seen_at = session.get(LAST_SEEN_AT)
        if signed_in_at is None or last_seen_at is None:
            # Signed in before these checks existed: the clocks start now.
            session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = int(now)
            return

        idle_limit = settings.SESSION_IDLE_TIMEOUT
        age_limit = settings.SESSION_ABSOLUTE_AGE
        if now - signed_in_at > age_limit:
            reason = SIGNED_OUT_MAX_AGE.format(duration=describe_duration(age_limit))
        elif now - last_seen_at > idle_limit:
            reason = SIGNED_OUT_IDLE.format(duration=describe_duration(idle_limit))
        else:
            if now - last_seen_at >= min(LONGEST_ACTIVITY_RECORD_INTERVAL, idle_limit / 10):
                session[LAST_SEEN_AT] = int(now)
            return
        logout(request)
        messages.info(request, reason)


session_by_key = PreparedQuery(lambda key: Session.objects.filter(session_key=key), str)


class SessionStore(DatabaseSessionStore):
    """Django's database sessions. Every signed-in request reads its session: Django's
    query took about 0.5 ms of CPU, mostly compiling it; prepared, about 0.15 ms.
    The session is found by its key, and one past its expiry is not found, as before."""

    def _get_session_from_db(self):
        key = self.session_key
        found = session_by_key(key) if key is not None else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
