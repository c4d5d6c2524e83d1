"""Recomputations too slow for a request: a job on the task queue when one is
configured, inline otherwise.

The queue is django-tasks, the backport of Django 6's tasks framework: with
`TASK_QUEUE=database` its database backend (django-tasks-db) keeps the jobs in
our own database and `manage.py db_worker` runs them; without it the immediate
backend would run a job inside the request, so the computation simply runs
inline, as if there were no queue (`make run` and the tests need nothing).

A result is kept in the report cache (core/report_cache.py) under a key that
names its inputs. While a job is computing it, a marker beside the key says so;
the job removes the marker when it ends, so a page says "being recomputed" only
while a job is pending, and the next view after it reads the result.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from core.report_cache import TIMEOUT_SECONDS, cached, report_key

logger = logging.getLogger(__name__)

# A job still pending after this long is taken for lost (a worker stopped) and
# queued again by the next view.
PENDING_SECONDS = 10 * 60


class Pending:
    """The result is being computed by a job on the queue."""

    def __bool__(self) -> bool:
        return False


PENDING = Pending()


def queue_configured() -> bool:
    """A queue that runs jobs outside the request (not the immediate backend)."""
    return not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)


def _pending_key(key: str) -> str:
    return f"{key}:pending"


def cached_or_queued(
    name: str,
    parts: Iterable[object],
    compute: Callable[[], Any],
    job,
    *job_args: Any,
):
    """The result stored under (name, parts); else, with a queue, PENDING after
    queueing `job(key, *job_args)` (once while it is pending); without one,
    `compute()` inline, stored as core.report_cache.cached stores it.

    The job computes the same result from `job_args` (JSON values) and hands it
    to `store(key, result)`.
    """
    parts = list(parts)
    if not queue_configured():
        return cached(name, parts, lambda: (compute(),))[0]
    key = report_key(name, parts)
    try:
        found = cache.get(key)
    except Exception:  # a cache that does not answer costs the computation, not the page
        logger.warning("Report cache unreadable; computing %s", name, exc_info=True)
        return compute()
    if found is not None:
        return found[0]
    if cache.add(_pending_key(key), True, timeout=PENDING_SECONDS):
        try:
            job.enqueue(key, *job_args)
        except Exception:
            cache.delete(_pending_key(key))
            logger.warning("Task queue unusable; computing %s", name, exc_info=True)
            return compute()
    return PENDING


def store(key: str, result: Any) -> None:
    """A job's result, kept for the pages; the job is no longer pending."""
    try:
        cache.set(key, (result,), timeout=TIMEOUT_SECONDS)
    finally:
        cache.delete(_pending_key(key))


def job_ended(key: str) -> None:
    """A job that failed: no longer pending (the next view queues it again)."""
    cache.delete(_pending_key(key))
