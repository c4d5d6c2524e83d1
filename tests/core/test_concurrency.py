"""edit_lock: the row an edit saves is locked and reloaded, and only when a POST edits it."""

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from core.concurrency import edit_lock
from microsystems.models import DemandType, Microsystem


@pytest.fixture
def lock_spy(monkeypatch) -> list:
    """The models select_for_update() is called on (SQLite ignores the lock itself)."""
    locked = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locked.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    return locked


def test_edit_lock_locks_and_reloads_the_row_keeping_what_the_view_loaded(
    rf, microsystem, lock_spy, django_assert_num_queries
):
    loaded = Microsystem.objects.select_related("organisation").get(pk=microsystem.pk)
    loaded.access = "what the access helper attached"
    Microsystem.objects.filter(pk=microsystem.pk).update(purpose="Saved meanwhile")

    with CaptureQueriesContext(connection) as queries, edit_lock(rf.post("/"), loaded):
        assert lock_spy == [Microsystem]
        assert loaded.purpose == "Saved meanwhile"
        with django_assert_num_queries(0):
            assert loaded.organisation.name == "Northbridge Council"
        assert loaded.access == "what the access helper attached"
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("method, saved", [("get", True), ("post", False)])
def test_edit_lock_takes_no_lock_to_show_a_page_or_create(
    rf, microsystem, lock_spy, django_assert_num_queries, method, saved
):
    record = microsystem if saved else Microsystem(organisation=microsystem.organisation)
    with django_assert_num_queries(0), edit_lock(getattr(rf, method)("/"), record, None):
        pass
    assert lock_spy == []


def test_edit_lock_finds_no_record_deleted_since_the_view_loaded_it(rf, demand_type):
    """Not found (404), rather than saved back into being by the edit."""
    DemandType.objects.filter(pk=demand_type.pk).delete()
    with pytest.raises(Http404), edit_lock(rf.post("/"), demand_type):
        raise AssertionError("the block must not run")  # pragma: no cover
