"""Data built once for a whole test module, when building it takes seconds.

`built_once_per_module(build)` makes a module-scoped fixture: `build()` runs once,
inside a transaction that is rolled back when the module's last test has run, so
no other module ever sees the data. Each test still runs in its own savepoint
(pytest-django's `db`, as Django's TestCase.setUpTestData does), so a test that
changes the data changes it for itself only.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction


def built_once_per_module(build: Callable[[], Any]):
    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                built = build()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return fixture
