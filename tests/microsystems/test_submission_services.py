"""submission_create_once: a create form's token makes a second sending create nothing."""

import datetime as dt
import threading
import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from microsystems.models import DemandType, SubmissionToken
from microsystems.services.submissions import KEEP_TOKENS_FOR, submission_create_once


def add_demand_type(microsystem, name="Chasing calls"):
    """A create as the views pass it: a callable that creates one record, counted."""
    calls = []

    def create():
        calls.append(name)
        return DemandType.objects.create(microsystem=microsystem, name=f"{name} {len(calls)}")

    return create, calls


def url_of(demand_type) -> str:
    return f"/demand-types/{demand_type.pk}/"


def test_the_same_token_creates_once_and_answers_with_the_first_address(microsystem, users):
    create, calls = add_demand_type(microsystem)
    token = uuid.uuid4()
    first = submission_create_once(user=users["lead"], token=token, create=create, url_of=url_of)
    again = submission_create_once(user=users["lead"], token=token, create=create, url_of=url_of)
    assert first.created is not None and first.url == url_of(first.created)
    assert (again.created, again.url) == (None, first.url)
    assert calls == ["Chasing calls"] and DemandType.objects.count() == 1
    assert SubmissionToken.objects.get().created_url == first.url


def test_another_token_or_no_token_creates_again(microsystem, users):
    create, calls = add_demand_type(microsystem)
    for token in (uuid.uuid4(), uuid.uuid4(), None, None):
        outcome = submission_create_once(
            user=users["lead"], token=token, create=create, url_of=url_of
        )
        assert outcome.created is not None
    assert DemandType.objects.count() == 4 and SubmissionToken.objects.count() == 2


def test_a_token_is_one_users_own(microsystem, users):
    """Two people's forms never share a token; if they did, neither would block the other."""
    create, calls = add_demand_type(microsystem)
    token = uuid.uuid4()
    for persona in ("lead", "admin"):
        submission_create_once(user=users[persona], token=token, create=create, url_of=url_of)
    assert DemandType.objects.count() == 2


def test_a_refused_create_leaves_the_token_unused(microsystem, users):
    """The corrected form is sent with the same token, and must then create."""
    token = uuid.uuid4()

    def refuse():
        DemandType.objects.create(microsystem=microsystem, name="Half saved")
        raise ValidationError("Refused.")

    with pytest.raises(ValidationError):
        submission_create_once(user=users["lead"], token=token, create=refuse, url_of=url_of)
    assert not DemandType.objects.exists() and not SubmissionToken.objects.exists()
    create, calls = add_demand_type(microsystem)
    outcome = submission_create_once(user=users["lead"], token=token, create=create, url_of=url_of)
    assert outcome.created is not None and DemandType.objects.count() == 1


def test_tokens_older_than_a_day_are_pruned_when_a_form_creates(microsystem, users):
    now = timezone.now()
    old, recent = uuid.uuid4(), uuid.uuid4()
    SubmissionToken.objects.create(
        user=users["member"], token=old, created_at=now - KEEP_TOKENS_FOR - dt.timedelta(minutes=1)
    )
    SubmissionToken.objects.create(
        user=users["member"], token=recent, created_at=now - KEEP_TOKENS_FOR + dt.timedelta(hours=1)
    )
    create, calls = add_demand_type(microsystem)
    submission_create_once(user=users["lead"], token=uuid.uuid4(), create=create, url_of=url_of)
    assert not SubmissionToken.objects.filter(token=old).exists()
    assert SubmissionToken.objects.filter(token=recent).exists()
    assert SubmissionToken.objects.count() == 2  # the recent one and the one just used


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway"
)
def test_two_copies_sent_at_the_same_instant_create_once(organisation, users):
    """Both pass the early check; the database's unique token keeps the second from creating.

    The first copy holds its token row uncommitted while the second is started
    and left waiting on it; then the first commits.
    """
    from tests.support.factories import make_microsystem

    microsystem = make_microsystem(organisation, "Concurrent Library")
    token = uuid.uuid4()
    first_holds_its_token = threading.Event()
    second_is_waiting = threading.Event()
    outcomes, errors = {}, []

    def send(label: str, create):
        try:
            outcomes[label] = submission_create_once(
                user=users["lead"], token=token, create=create, url_of=url_of
            )
        except Exception as error:  # reported by the assertion below, not lost in a thread
            errors.append(error)
        finally:
            connections.close_all()

    def create_slowly():
        first_holds_its_token.set()
        second_is_waiting.wait(timeout=30)
        return DemandType.objects.create(microsystem=microsystem, name="First copy")

    def create_again():
        return DemandType.objects.create(microsystem=microsystem, name="Second copy")

    first = threading.Thread(target=send, args=("first", create_slowly))
    second = threading.Thread(target=send, args=("second", create_again))
    first.start()
    assert first_holds_its_token.wait(timeout=10)
    second.start()
    # If the second copy never waits, it created its record already: the check below fails.
    deadline = time.monotonic() + 5
    while not _a_session_waits_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    second_is_waiting.set()
    first.join(timeout=20)
    second.join(timeout=20)

    assert errors == []
    assert list(
        DemandType.objects.filter(microsystem=microsystem).values_list("name", flat=True)
    ) == ["First copy"]
    assert outcomes["second"].created is None
    assert outcomes["second"].url == outcomes["first"].url == url_of(outcomes["first"].created)


def _a_session_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
