"""How later apps plug into a microsystem's pages.

Dependencies point one way (valuation -> stakeholders -> microsystems), so this
app never names a later app's pages, models or records. Instead every app, this
one included, adds its entries to `extensions` in its AppConfig.ready():

- section tabs: the tabs on every page of a microsystem (`add_section`); each view
  says which section it belongs to with `@section(key)`;
- profile steps: the assessment steps on the microsystem's page (`add_profile_steps`),
  worded from counts that every app's steps share one query for;
- period locks: recorded figures that stop the microsystem's periods changing
  (`add_period_lock`);
- delete guards: a later app's records that keep an earlier app's record from
  being deleted, and the message that says so (`add_delete_guard`);
- history sources: the kinds of record whose changes a microsystem's (or an
  assessment's) History page lists (`add_history_source`, core.history);
- waiting: what the home page shows a person as waiting for them (`add_waiting`).

Registering the same entry twice (ready() may run again) changes nothing; a
different entry under a key already taken is a programming error and says so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

from core.prepared_queries import PreparedQuery
from core.url_cache import cached_reverse

if TYPE_CHECKING:
    from django.db.models import Expression, Model
    from django.http import HttpRequest, HttpResponse

    from microsystems.models import Microsystem

StepProvider = Callable[["Microsystem"], list[dict]]
# Counts over the unit's row, by name, and the steps worded from them.
StepCounts = Callable[[], dict[str, "Expression"]]
CountedSteps = Callable[["Microsystem", dict[str, int]], list[dict]]
PeriodCheck = Callable[["Microsystem"], bool]
RecordsKeeping = Callable[["Model"], list[str]]
WaitingProvider = Callable[[object], list["Waiting"]]


@dataclass(frozen=True)
class Waiting:
    """Something waiting for a person on the home page, already worded by its app."""

    heading: str  # the group it belongs to, e.g. "To review"
    title: str
    url: str
    detail: str = ""
    comment: str = ""


@dataclass(frozen=True)
class Section:
    """One tab: `url_name` is the section's main page and takes the microsystem's slug."""

    key: str
    label: str
    url_name: str
    order: int


@dataclass(frozen=True)
class SectionTab:
    label: str
    url: str
    active: bool  # the page belongs to this section
    current: bool  # the page is the section's main page (aria-current)


@dataclass(frozen=True)
class DeleteGuard:
    """`keeping(record)` names the records that keep it, oldest first, in a fixed number
    of queries; `refusal` is the message, with {name} (the record), {plural} ("s" unless
    one) and {labels} (the names, comma separated)."""

    model: type
    keeping: RecordsKeeping
    refusal: str


@dataclass(frozen=True)
class TakeAway:
    """A file of the whole unit to take away, offered on its profile page: `url_name`
    takes the microsystem's slug as its only argument."""

    label: str
    url_name: str
    detail: str


@dataclass(frozen=True)
class _CountedStepProvider:
    counts: StepCounts
    steps: CountedSteps


def step(label: str, done: bool, detail: str, url_name: str) -> dict:
    """One profile step: `url_name` takes the microsystem's slug as its only argument."""
    return {"label": label, "done": done, "detail": detail, "url_name": url_name}


def _unit_with_counts(pk: int, *, providers: tuple[_CountedStepProvider, ...]):
    """The unit's row with every provider's counts, which must not share a name."""
    from microsystems.models import Microsystem

    counts: dict = {}
    for provider in providers:
        expressions = provider.counts()
        if counts.keys() & expressions.keys():
            taken = sorted(counts.keys() & expressions.keys())
            raise ImproperlyConfigured(f"Two apps' profile steps count {taken}.")
        counts.update(expressions)
    return Microsystem.objects.filter(pk=pk).annotate(**counts).only("pk")


class Extensions:
    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}
        self._step_providers: list[StepProvider | _CountedStepProvider] = []
        # The query of every counted provider's counts and their names, made on first use.
        self._step_counts: tuple[PreparedQuery, tuple[str, ...]] | None = None
        self._period_locks: dict[str, PeriodCheck] = {}
        self._delete_guards: list[DeleteGuard] = []
        self._history_sources: dict[str, dict[str, object]] = {}
        self._waiting: list[WaitingProvider] = []
        self._take_aways: dict[str, TakeAway] = {}

    @staticmethod
    def _add(entries: dict, key: str, entry: object, kind: str) -> None:
        if key in entries and entries[key] != entry:
            raise ImproperlyConfigured(f"Two different {kind} are registered as “{key}”.")
        entries[key] = entry

    # --- section tabs ------------------------------------------------------------------

    def add_section(self, key: str, *, label: str, url_name: str, order: int) -> None:
        """A tab, placed by `order` (this app's sections are 10 to 50)."""
        self._add(self._sections, key, Section(key, label, url_name, order), "sections")

    def sections(self) -> list[Section]:
        return sorted(self._sections.values(), key=lambda section: (section.order, section.key))

    def section_tabs(self, slug: str, *, section: str, view_name: str) -> list[SectionTab]:
        """The tabs of one microsystem's page, for a view in `section` named `view_name`.

        A link that does not resolve raises NoReverseMatch: a broken tab fails loudly.
        """
        if section not in self._sections:
            raise ImproperlyConfigured(f"{view_name} declares section “{section}”, not registered.")
        return [
            SectionTab(
                label=entry.label,
                url=cached_reverse(entry.url_name, args=[slug]),
                active=entry.key == section,
                current=entry.url_name == view_name,
            )
            for entry in self.sections()
        ]

    # --- files of the whole unit -------------------------------------------------------

    def add_take_away(self, *, label: str, url_name: str, detail: str) -> None:
        """A download of the whole unit, listed on its profile page in registration order."""
        self._add(self._take_aways, url_name, TakeAway(label, url_name, detail), "take-aways")

    def take_aways(self, slug: str) -> list[dict]:
        """Each file's label, detail and address for one microsystem (no query)."""
        return [
            {
                "label": entry.label,
                "detail": entry.detail,
                "url": cached_reverse(entry.url_name, args=[slug]),
            }
            for entry in self._take_aways.values()
        ]

    # --- profile steps -----------------------------------------------------------------

    def add_profile_steps(self, provider: StepProvider | CountedSteps, *, counts=None) -> None:
        """An app's steps (each made with `step`): `provider(microsystem)` in one query of
        its own, or, given `counts` (a function returning its count expressions over the
        unit's row, by name), `provider(microsystem, counted)` with no query: every
        app's counts are asked in one query together (compiled once per process).

        Steps are shown in the order apps register them, which is dependency order.
        """
        entry = provider if counts is None else _CountedStepProvider(counts, provider)
        if entry not in self._step_providers:
            self._step_providers.append(entry)
            self._step_counts = None

    def profile_steps(self, microsystem: Microsystem) -> list[dict]:
        """Every app's steps: one query for all the counted ones, one per other provider."""
        counted = self._counted(microsystem)
        return [
            found
            for provider in self._step_providers
            for found in (
                provider.steps(microsystem, counted)
                if isinstance(provider, _CountedStepProvider)
                else provider(microsystem)
            )
        ]

    def _counted(self, microsystem: Microsystem) -> dict[str, int]:
        """Every counted provider's counts for the unit (one query; none without them)."""
        if self._step_counts is None:
            providers = [p for p in self._step_providers if isinstance(p, _CountedStepProvider)]
            if not providers:
                return {}
            names = tuple(name for provider in providers for name in provider.counts())
            query = PreparedQuery(
                functools.partial(_unit_with_counts, providers=tuple(providers)), int
            )
            self._step_counts = (query, names)
        query, names = self._step_counts
        found = query(microsystem.pk)
        if not found:  # deleted since the page loaded it
            raise type(microsystem).DoesNotExist("Microsystem matching query does not exist.")
        return {name: getattr(found[0], name) for name in names}

    # --- period locks ------------------------------------------------------------------

    def add_period_lock(self, what: str, check: PeriodCheck) -> None:
        """`check` says, in one query, whether figures aligned to the periods are recorded;
        `what` names them in the message, e.g. "measurements"."""
        self._add(self._period_locks, what, check, "period locks")

    def period_locks(self, microsystem: Microsystem) -> list[str]:
        """The kinds of period-aligned figures recorded for this microsystem (one query each)."""
        return [what for what, check in self._period_locks.items() if check(microsystem)]

    # --- delete guards -----------------------------------------------------------------

    def add_delete_guard(self, model: type, *, keeping: RecordsKeeping, refusal: str) -> None:
        guard = DeleteGuard(model, keeping, refusal)
        if guard not in self._delete_guards:
            self._delete_guards.append(guard)

    def delete_refusal(self, record: Model) -> str:
        """Why later apps' records keep `record` from being deleted; "" when nothing does.

        One guard's queries per guard registered for the record's model.
        """
        refusals = []
        for guard in self._delete_guards:
            if not isinstance(record, guard.model):
                continue
            labels = guard.keeping(record)
            if labels:
                refusals.append(
                    guard.refusal.format(
                        name=record,
                        plural="" if len(labels) == 1 else "s",
                        labels=", ".join(labels),
                    )
                )
        return " ".join(refusals)

    # --- history sources ---------------------------------------------------------------

    def add_history_source(self, scope: str, source: object) -> None:
        """A core.history.HistorySource for the History page of `scope`
        ("microsystem" or "assessment"), listed in the order apps register them."""
        self._add(self._history_sources.setdefault(scope, {}), source.kind, source, "history")

    def history_sources(self, scope: str) -> list:
        return list(self._history_sources.get(scope, {}).values())

    def history_source(self, scope: str, kind: str):
        """The source of `kind` in `scope`, or None."""
        return self._history_sources.get(scope, {}).get(kind)

    # --- waiting on the home page ------------------------------------------------------

    def add_waiting(self, provider: WaitingProvider) -> None:
        """`provider(user)` returns the Waiting items of one app for a person, in one query."""
        if provider not in self._waiting:
            self._waiting.append(provider)

    def waiting_for(self, user) -> list[Waiting]:
        return [item for provider in self._waiting for item in provider(user)]


extensions = Extensions()


def section(key: str) -> Callable:
    """Declare the section a view's pages belong to: its tab is shown active.

    Sets `request.section` for the tabs, and `view.section` so tests can check that
    every page of a microsystem declares one.
    """

    def declare(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def view_in_section(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.section = key
            return view(request, *args, **kwargs)

        view_in_section.section = key
        return view_in_section

    return declare
