"""Is every acknowledged save in the database? The lost-write check of `make load`.

Each simulated save writes one ledger line per record it changes: which record
(a demand-grid cell, or one stakeholder's judgement of one dimension), the
value the page showed for it (`base`), the value posted (`value`) and what the
app answered (`outcome`): SAVED (acknowledged), REFUSED (an edit conflict:
nothing saved) or UNKNOWN (no clear answer: the request failed, so the value
may or may not have been written).

Every posted value is unique, so a record's history is a chain of saves, each
starting from the value the one before it wrote. A save is lost when:

- it was acknowledged, the database holds something else, and no save that may
  have been written started from its value: someone overwrote it without
  having seen it; or
- it was acknowledged, and so was another save that started from the same
  value: whichever came second overwrote the first unseen (the edit-conflict
  check must refuse it);

and the database is wrong when it holds the value of a refused save.

A save that was refused and then made again on purpose from the refusal page
starts from the value the refusal showed, so it is a knowing replacement and
not a lost write.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAVED = "saved"
REFUSED = "refused"
UNKNOWN = "unknown"

NOT_STORED = "acknowledged, but the database holds {stored} and no later save started from it"
SAME_BASE = "acknowledged, as was another save that started from the same value {base}"
REFUSED_BUT_STORED = "refused, but the database holds its value"


def freeze(value: Any) -> Any:
    """JSON lists as tuples, so cells and values can be dictionary keys."""
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


@dataclass(frozen=True)
class SaveRecord:
    kind: str  # "demand" (a grid cell) or "judgement"
    cell: tuple  # which record, e.g. (demand type id, "2026-11-01")
    base: Any  # the value the page showed; None when there was none
    value: Any  # the value posted
    outcome: str  # SAVED, REFUSED or UNKNOWN
    user: str = ""
    at: float = 0.0  # when the answer came (seconds since the epoch)
    save: int = 0  # which POST: one save changes several records

    @property
    def key(self) -> tuple:
        return (self.kind, self.cell)

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": self.kind,
                "cell": self.cell,
                "base": self.base,
                "value": self.value,
                "outcome": self.outcome,
                "user": self.user,
                "at": self.at,
                "save": self.save,
            }
        )

    @classmethod
    def from_json(cls, line: str) -> "SaveRecord":
        data = json.loads(line)
        return cls(
            kind=data["kind"],
            cell=freeze(data["cell"]),
            base=freeze(data["base"]),
            value=freeze(data["value"]),
            outcome=data["outcome"],
            user=data.get("user", ""),
            at=data.get("at", 0.0),
            save=data.get("save", 0),
        )


def read_ledger(path: Path) -> list[SaveRecord]:
    if not path.exists():
        return []
    return [SaveRecord.from_json(line) for line in path.read_text().splitlines() if line.strip()]


@dataclass(frozen=True)
class Problem:
    record: SaveRecord
    reason: str

    def line(self) -> str:
        record = self.record
        return (
            f"{record.kind} {list(record.cell)}: {record.user} posted {record.value!r} "
            f"over {record.base!r}: {self.reason}"
        )


def check_saves(records: Iterable[SaveRecord], stored: Mapping[tuple, Any]) -> list[Problem]:
    """Problems with the saves in `records`, given `stored`: (kind, cell) -> the value
    the database holds now (None when it holds none)."""
    by_key: dict[tuple, list[SaveRecord]] = defaultdict(list)
    for record in records:
        by_key[record.key].append(record)
    problems: list[Problem] = []
    for key, history in by_key.items():
        now = stored.get(key)
        may_have_replaced = {record.base for record in history if record.outcome != REFUSED}
        acknowledged = sorted((r for r in history if r.outcome == SAVED), key=lambda r: r.at)
        lost = [
            record
            for record in acknowledged
            if record.value != now and record.value not in may_have_replaced
        ]
        problems += [Problem(record, NOT_STORED.format(stored=repr(now))) for record in lost]
        by_base: dict[Any, list[SaveRecord]] = defaultdict(list)
        for record in acknowledged:
            by_base[record.base].append(record)
        for base, saves in by_base.items():
            # One of them may stand; every other one was overwritten, or overwrote, unseen.
            unexplained = [record for record in saves if record not in lost]
            missing = len(saves) - 1 - (len(saves) - len(unexplained))
            problems += [
                Problem(record, SAME_BASE.format(base=repr(base)))
                for record in unexplained[: max(missing, 0)]
            ]
        problems += [
            Problem(record, REFUSED_BUT_STORED)
            for record in history
            if record.outcome == REFUSED and record.value == now
        ]
    return problems
