"""Computed reports kept in Django's cache under keys that change with their inputs.

A report is the data a page shows (sentences, formatted tables, figure dicts
and chart fragments), never the rendered page: that holds a CSRF token, the
user's name and messages. The caller builds the key from versions that change
whenever an input changes (microsystems/report_cache.py); this module adds a
fingerprint of the code, so that a deploy which changes how a report is built
or shaped never reads one an older release stored, and keeps a cache that
stops answering from breaking the page.

A report missed by several workers at once (each save retires a report every
user of the unit is about to ask for) is computed once: the first to miss it
claims the key with a short cache `add`, and the others wait for its result,
a bounded while, polling; if the claim ends without a result (the holder
failed, or its report was provisional) or the wait runs out (the holder died),
a waiter computes the report itself, as it would have without the claim.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache as default_cache

logger = logging.getLogger(__name__)
T = TypeVar("T")

# The source whose code builds or shapes a cached report: the apps' Python, and
# the templates of the table fragments some reports render once and keep.
SOURCE_FILES = (
    *((folder, "*.py") for folder in ("core", "microsystems", "stakeholders", "valuation")),
    ("templates", "*.html"),
)
# An entry outlives no input change (its key moves on), so this only bounds how
# long an unread one takes up room.
TIMEOUT_SECONDS = 24 * 60 * 60
# A claim on a key being computed lapses after this, should its holder die
# (whole seconds: Redis takes no fraction). The largest report takes about a
# second on a quiet machine; waiters give up waiting after WAIT_SECONDS.
CLAIM_SECONDS = 15
WAIT_SECONDS = 10.0
# Waiters poll the cache, first after FIRST_PAUSE, each pause half as long again
# as the one before, up to LONGEST_PAUSE.
FIRST_PAUSE = 0.01
LONGEST_PAUSE = 0.1


@cache
def code_fingerprint() -> str:
    """A short hash of the apps' source and templates, read once per process."""
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for folder, pattern in SOURCE_FILES:
        for path in sorted((base / folder).rglob(pattern)):
            if "migrations" in path.parts:
                continue
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def report_key(name: str, parts: Iterable[object]) -> str:
    return ":".join(["report", name, code_fingerprint(), *(str(part) for part in parts)])


def cached(
    name: str,
    parts: Iterable[object],
    compute: Callable[[], T],
    keep: Callable[[T], bool] | None = None,
) -> T:
    """The report stored under (name, parts, code), computing and storing it if absent.

    `keep(report)` False: the report is provisional (a figure in it is still
    being computed in the background) and is not stored.
    A cache that fails (Redis down) costs the computation, not the page.
    """
    key = report_key(name, parts)
    try:
        report = default_cache.get(key)
    except Exception:  # any backend's error: the page still has to be drawn
        logger.warning("Report cache unreadable; computing %s", name, exc_info=True)
        return compute()
    if report is not None:
        return report
    return _compute_once(key, name, compute, keep)


def claim_key(key: str) -> str:
    """The key of the claim on `key` while one worker computes its report."""
    return f"{key}:computing"


def _compute_once(key: str, name: str, compute: Callable[[], T], keep) -> T:
    """The report computed and stored by this worker, or by another that claimed
    the key first and stores it while this one waits (see the module's docstring)."""
    claim = claim_key(key)
    deadline = time.monotonic() + WAIT_SECONDS
    pause = FIRST_PAUSE
    while True:
        try:
            claimed = default_cache.add(claim, True, timeout=CLAIM_SECONDS)
        except Exception:
            logger.warning("Report cache unwritable; computing %s", name, exc_info=True)
            return compute()
        if claimed:
            try:
                return _compute_and_store(key, name, compute, keep)
            finally:
                try:
                    default_cache.delete(claim)
                except Exception:  # it lapses by itself
                    logger.warning("Report cache claim on %s not released", name, exc_info=True)
        # Another worker is computing it: wait for its result.
        while True:
            if time.monotonic() + pause > deadline:
                return _compute_and_store(key, name, compute, keep)
            time.sleep(pause)
            pause = min(pause * 1.5, LONGEST_PAUSE)
            try:
                found = default_cache.get_many([key, claim])
            except Exception:
                logger.warning("Report cache unreadable; computing %s", name, exc_info=True)
                return compute()
            if found.get(key) is not None:
                return found[key]
            if claim not in found:
                break  # the claim ended without a result: claim it in turn


def _compute_and_store(key: str, name: str, compute: Callable[[], T], keep) -> T:
    report = compute()
    if keep is not None and not keep(report):
        return report
    try:
        default_cache.set(key, report, timeout=TIMEOUT_SECONDS)
    except Exception:
        logger.warning("Report cache unwritable; %s not stored", name, exc_info=True)
    return report


def peek(name: str, parts: Iterable[object]) -> object | None:
    """The report stored under (name, parts, code), or None: never computed here.

    For a page that shows a figure only when another page has already worked it out.
    """
    try:
        return default_cache.get(report_key(name, parts))
    except Exception:
        logger.warning("Report cache unreadable; %s not shown", name, exc_info=True)
        return None
