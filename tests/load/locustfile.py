"""Simulated leaders and managers for `make load` (started by `python -m tests.load`).

Every user signs in with its own account on one of the app servers (they take
turns, so the servers share the users evenly). When all have signed in, the
statistics start from zero and the measured window of LOAD_DURATION seconds
begins; each user then asks for one page after another with no pause (unless
LOAD_THINK_SECONDS says otherwise), so the servers have as many requests in
flight as there are users.

Leaders view every main page of the microsystem they lead and save demand
figures and judgements there; managers view every main page of any
microsystem of their organisation. Saves go as a browser makes them: load the
form, post back every field it holds with a few values changed, follow the
redirect. Leaders sharing a microsystem change the same few cells and
judgements, so their saves meet. Every save is written to the ledger with what
the page showed, what was posted and what the app answered
(tests/load/saves.py checks it against the database afterwards).

When the window closes, the users finish what they are doing (nothing new
starts), the summary is written, and locust stops.
"""

import dataclasses
import itertools
import json
import os
import random
import time
from pathlib import Path

import gevent
import psutil
from gevent.event import Event
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

from tests.load.pages import (
    SHOWN_PREFIX,
    grid_cell_key,
    grid_cells,
    judged_dimensions,
    post_form,
    shown_judgement,
)
from tests.load.saves import REFUSED, SAVED, UNKNOWN, SaveRecord

MANIFEST = json.loads(Path(os.environ["LOAD_MANIFEST"]).read_text())
HOSTS = os.environ["LOAD_HOSTS"].split(",")
LEADERS = int(os.environ["LOAD_LEADERS"])
MANAGERS = int(os.environ["LOAD_MANAGERS"])
DURATION = float(os.environ["LOAD_DURATION"])
THINK_SECONDS = float(os.environ.get("LOAD_THINK_SECONDS", "0"))
LEDGER = Path(os.environ["LOAD_LEDGER"])
SUMMARY = Path(os.environ["LOAD_SUMMARY"])
SERVER_PIDS = [int(pid) for pid in os.environ.get("LOAD_SERVER_PIDS", "").split(",") if pid]
# How long the users may take to finish what they are doing once the window closes.
DRAIN_SECONDS = 60
SIGN_IN_TIMEOUT = 300

# Saves meet on purpose: leaders change cells among the latest HOT_PERIODS months
# of the first HOT_DEMAND_TYPES rows, and judge the first HOT_STAKEHOLDERS.
HOT_DEMAND_TYPES = 3
HOT_PERIODS = 2
CELLS_PER_SAVE = 2
HOT_STAKEHOLDERS = 3
SAVE_AGAIN_AFTER_REFUSAL = 0.5  # the chance a refused leader saves again, keeping theirs

# Both forms say this when they refuse a save over someone else's change.
CONFLICT_WORDS = "someone else"
NOT_SAVED_WORDS = "Nothing was saved"

_user_numbers = itertools.count()
_leader_accounts = iter(MANIFEST["leaders"])
_manager_accounts = iter(MANIFEST["managers"])
_unique = itertools.count(1)
_save_numbers = itertools.count(1)


def cpu_seconds() -> dict[str, float]:
    """CPU time (user + system) so far of each gunicorn worker, and of this process."""
    used = {}
    for pid in SERVER_PIDS:
        try:
            workers = psutil.Process(pid).children()
        except psutil.NoSuchProcess:
            continue
        for worker in workers:
            try:
                times = worker.cpu_times()
            except psutil.NoSuchProcess:
                continue
            used[f"worker {worker.pid}"] = times.user + times.system
    times = psutil.Process().cpu_times()
    used["load generator"] = times.user + times.system
    machine = psutil.cpu_times()
    used["machine"] = machine.user + machine.nice + machine.system + machine.irq + machine.softirq
    return used


def cpu_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Seconds of CPU the workers (a worker started meanwhile counts whole), locust and
    the whole machine (every core, every process) used."""
    after, before = dict(after), dict(before)
    machine = after.pop("machine") - before.pop("machine")
    generator = after.pop("load generator") - before.pop("load generator")
    workers = sum(seconds - before.get(name, 0.0) for name, seconds in after.items())
    return {
        "workers_cpu_seconds": workers,
        "load_generator_cpu_seconds": generator,
        "machine_cpu_seconds": machine,
    }


class Window:
    """The measured window: opens when every user has signed in, closes after DURATION."""

    def __init__(self):
        self.expected = LEADERS + MANAGERS
        self.arrived = 0
        self.opened = Event()
        self.started_at = 0.0
        self.closed = False
        self.busy = 0
        self.sign_ins: list[float] = []
        self.sign_in_failures: list[str] = []
        self.snapshot: dict = {}

    def arrive(self, environment) -> None:
        self.arrived += 1
        if self.arrived == self.expected:
            environment.runner.stats.reset_all()
            self.cpu_at_start = cpu_seconds()
            self.started_at = time.time()
            self.opened.set()
            gevent.spawn(self._close_later, environment)

    def _close_later(self, environment) -> None:
        gevent.sleep(DURATION)
        self.closed = True
        self.snapshot = snapshot(environment, time.time() - self.started_at)
        self.snapshot.update(cpu_used(self.cpu_at_start, cpu_seconds()))
        deadline = time.time() + DRAIN_SECONDS
        while self.busy and time.time() < deadline:
            gevent.sleep(0.1)
        self.snapshot["unfinished_at_stop"] = self.busy
        # What went wrong while the last requests finished counts too.
        finished = snapshot(environment, 0)
        self.snapshot["failures_after_window"] = finished["failures"] - self.snapshot["failures"]
        self.snapshot["errors"] = finished["errors"]
        write_summary(self)
        environment.runner.quit()


WINDOW = Window()


def snapshot(environment, seconds: float) -> dict:
    stats = environment.stats
    pages = []
    for entry in sorted(stats.entries.values(), key=lambda entry: entry.name):
        if not entry.num_requests:  # signing in, before the window opened
            continue
        pages.append(
            {
                "name": entry.name,
                "method": entry.method,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "median_ms": entry.get_response_time_percentile(0.5),
                "p95_ms": entry.get_response_time_percentile(0.95),
                "max_ms": entry.max_response_time,
                "average_ms": entry.avg_response_time,
            }
        )
    return {
        "seconds": seconds,
        "requests": stats.total.num_requests,
        "failures": stats.total.num_failures,
        "median_ms": stats.total.get_response_time_percentile(0.5),
        "p95_ms": stats.total.get_response_time_percentile(0.95),
        "pages": pages,
        "errors": [
            {
                "method": error.method,
                "name": error.name,
                "error": str(error.error),
                "occurrences": error.occurrences,
            }
            for error in stats.errors.values()
        ],
    }


def write_summary(window: Window) -> None:
    summary = dict(window.snapshot)
    summary["sign_ins"] = {
        "count": len(window.sign_ins),
        "median_ms": sorted(window.sign_ins)[len(window.sign_ins) // 2] if window.sign_ins else 0,
        "max_ms": max(window.sign_ins, default=0),
        "failures": window.sign_in_failures,
    }
    SUMMARY.write_text(json.dumps(summary, indent=2))


@events.quitting.add_listener
def _summary_on_early_stop(environment, **kwargs) -> None:
    """Stopped before the window closed (an interrupt, a user that could not sign in)."""
    if not WINDOW.snapshot:
        WINDOW.snapshot = snapshot(environment, time.time() - (WINDOW.started_at or time.time()))
        WINDOW.snapshot["stopped_early"] = True
        write_summary(WINDOW)


def record(records: list[SaveRecord]) -> None:
    with LEDGER.open("a") as ledger:
        ledger.write("".join(saved.to_json() + "\n" for saved in records))


class Person(FastHttpUser):
    """Signs in on its own server, waits for the others, then works until the window closes.

    locust's FastHttpUser (geventhttpclient) rather than HttpUser (requests): the load
    generator shares the app's two cores, and requests spent about a sixth of what
    the four workers spent.
    """

    abstract = True
    host = HOSTS[0]

    def wait_time(self) -> float:
        return random.uniform(0, 2 * THINK_SECONDS) if THINK_SECONDS else 0

    def account(self) -> str:
        raise NotImplementedError

    def on_start(self) -> None:
        self.client.base_url = HOSTS[next(_user_numbers) % len(HOSTS)]
        self.username = self.account()
        try:
            self.sign_in()
        except StopUser:
            raise
        except Exception as problem:
            WINDOW.sign_in_failures.append(f"{self.username}: {problem!r}")
            raise StopUser() from problem
        finally:
            WINDOW.arrive(self.environment)
        if not WINDOW.opened.wait(timeout=SIGN_IN_TIMEOUT):
            WINDOW.sign_in_failures.append(f"{self.username}: the others never all signed in")
            raise StopUser()

    def sign_in(self) -> None:
        started = time.perf_counter()
        page = self.client.get("/accounts/login/", name="sign in page").text
        fields = post_form(page, with_field_prefix="username")
        fields.update(username=self.username, password=MANIFEST["password"], next="/")
        response = self.client.post(
            "/accounts/login/", data=fields, name="sign in", allow_redirects=False
        )
        if response.status_code != 302:
            WINDOW.sign_in_failures.append(
                f"{self.username}: sign-in answered {response.status_code}"
            )
            raise StopUser()
        WINDOW.sign_ins.append((time.perf_counter() - started) * 1000)

    def work(self, job, *args) -> None:
        """Run one job of the mix, unless the window has closed."""
        if WINDOW.closed:
            raise StopUser()
        WINDOW.busy += 1
        try:
            job(*args)
        except Exception as problem:  # counted as an error, like a failed request
            self.environment.events.request.fire(
                request_type="TASK", name=job.__name__, response_time=0, response_length=0,
                response=None, context={}, exception=problem,
            )  # fmt: skip
        finally:
            WINDOW.busy -= 1

    def view(self, name: str, path: str) -> str | None:
        """GET a page; anything but 200 (a redirect to sign-in, a 500) is a failure."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{name}: status {response.status_code}")
                return None
            return response.text

    def pages(self, microsystem: dict) -> dict[str, str]:
        unit = f"/microsystems/{microsystem['slug']}"
        assessment = f"{unit}/assessments/{microsystem['assessment_id']}"
        return {
            "home": "/",
            "microsystem profile": f"{unit}/",
            "demand": f"{unit}/demand/",
            "activities": f"{unit}/activities/",
            "stakeholders register": f"{unit}/stakeholders/",
            "measurements": f"{unit}/measurements/",
            "assessments list": f"{unit}/assessments/",
            "assessment page": f"{assessment}/",
            "perspectives": f"{assessment}/perspectives/",
            "weights": f"{assessment}/weights/",
            "judgements": f"{assessment}/judgements/",
        }


def _microsystem(slug: str) -> dict:
    return next(unit for unit in MANIFEST["microsystems"] if unit["slug"] == slug)


class Leader(Person):
    """Leads one microsystem: views its pages, saves demand figures and judgements."""

    fixed_count = LEADERS

    def account(self) -> str:
        leader = next(_leader_accounts)
        self.microsystem = _microsystem(leader["microsystem"])
        return leader["username"]

    @task(11)
    def view_a_page(self) -> None:
        pages = self.pages(self.microsystem)
        pages["demand grid"] = f"/microsystems/{self.microsystem['slug']}/demand/enter/"
        name = random.choice(sorted(pages))
        self.work(self.view, name, pages[name])

    @task(2)
    def save_demand(self) -> None:
        self.work(self._save_demand)

    @task(2)
    def save_judgements(self) -> None:
        self.work(self._save_judgements)

    def _post(self, name: str, path: str, fields: dict) -> tuple[str, str]:
        """POST a form; (outcome, page shown after). A 302 is the acknowledgement."""
        with self.client.post(
            path, data=fields, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                location = response.headers["Location"]
                return SAVED, location
            text = response.text or ""
            if response.status_code in (200, 409) and CONFLICT_WORDS in text.lower():
                response.success()
                return REFUSED, text
            detail = NOT_SAVED_WORDS if NOT_SAVED_WORDS in text else "no refusal message"
            response.failure(f"{name}: status {response.status_code}, {detail}")
            return UNKNOWN, ""

    def _save_demand(self) -> None:
        path = f"/microsystems/{self.microsystem['slug']}/demand/enter/"
        page = self.view("demand grid", path)
        if page is None:
            return
        fields = post_form(page, with_field_prefix=SHOWN_PREFIX)
        cells = grid_cells(fields)
        rows = list(dict.fromkeys(name.rsplit("_", 1)[0] for name in cells))  # page order
        periods = sorted({name.rsplit("_", 1)[1] for name in cells})
        hot = [
            f"{row}_{period}"
            for row in rows[:HOT_DEMAND_TYPES]
            for period in periods[-HOT_PERIODS:]
        ]
        chosen = random.sample(hot, CELLS_PER_SAVE)
        for attempt in range(2):
            for name in chosen:
                fields[name] = str(1_000_000 + next(_unique))
            outcome, after = self._post_and_record(
                "demand grid save", path, fields, chosen, self._demand_record
            )
            if outcome == SAVED:
                self.view("demand grid", after)
            if outcome != REFUSED or attempt or random.random() >= SAVE_AGAIN_AFTER_REFUSAL:
                return
            # "Save again to keep yours": the refusal page shows their values as the base.
            fields = post_form(after, with_field_prefix=SHOWN_PREFIX)

    def _demand_record(self, name: str, fields: dict, outcome: str) -> list[SaveRecord]:
        return [
            SaveRecord(
                kind="demand",
                cell=grid_cell_key(name),
                base=fields[SHOWN_PREFIX + name],
                value=fields[name],
                outcome=outcome,
                user=self.username,
                at=time.time(),
            )
        ]

    def _post_and_record(self, name, path, fields, changed, to_records) -> tuple[str, str]:
        outcome, save = UNKNOWN, next(_save_numbers)
        try:
            outcome, after = self._post(name, path, fields)
            return outcome, after
        finally:
            # Also when the request raised: the write may have happened.
            record(
                [
                    dataclasses.replace(saved, save=save)
                    for field in changed
                    for saved in to_records(field, fields, outcome)
                ]
            )

    def _save_judgements(self) -> None:
        stakeholder = random.choice(self.microsystem["stakeholder_ids"][:HOT_STAKEHOLDERS])
        assessment_id = self.microsystem["assessment_id"]
        path = (
            f"/microsystems/{self.microsystem['slug']}/assessments/{assessment_id}"
            f"/judgements/{stakeholder}/"
        )
        page = self.view("judgement form", path)
        if page is None:
            return
        fields = post_form(page, with_field_prefix="score_")
        dimensions = judged_dimensions(fields)
        shown = {dimension: shown_judgement(fields, dimension) for dimension in dimensions}
        save_number = next(_unique)
        for dimension in dimensions:
            fields[f"score_{dimension}"] = str(random.randint(0, 10))
            fields[f"rationale_{dimension}"] = (
                f"Load save {save_number} by {self.username}: what they told us in the "
                f"consultation about dimension {dimension}."
            )

        def to_records(dimension, fields, outcome):
            return [
                SaveRecord(
                    kind="judgement",
                    cell=(assessment_id, stakeholder, int(dimension)),
                    base=shown[dimension],
                    value=(int(fields[f"score_{dimension}"]), fields[f"rationale_{dimension}"]),
                    outcome=outcome,
                    user=self.username,
                    at=time.time(),
                )
            ]

        outcome, after = self._post_and_record(
            "judgement save", path, fields, dimensions, to_records
        )
        if outcome == SAVED:
            self.view("judgements", after)


class Manager(Person):
    """Manages the organisation: views the main pages of any of its microsystems."""

    fixed_count = MANAGERS

    def account(self) -> str:
        return next(_manager_accounts)

    @task
    def view_a_page(self) -> None:
        microsystem = random.choice(MANIFEST["microsystems"])
        pages = self.pages(microsystem)
        name = random.choice(sorted(pages))
        self.work(self.view, name, pages[name])
