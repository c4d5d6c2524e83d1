"""`python -m tests.load` (`make load`): 32 people at once on two app servers.

1. Recreates a PostgreSQL database of its own (`microsystems_load` on the
   server DATABASE_URL names, or on 127.0.0.1:5432), migrates it, loads the
   load world (tests/load/world.py) and collects the static files.
2. Empties the Redis cache database (REDIS_URL, default redis://127.0.0.1:6379/1)
   and starts two gunicorn instances on it and the database, with the production
   settings `make run` uses (DEBUG off) on 127.0.0.1:8101 and 8102.
3. Runs locust headless in a separate process (tests/load/locustfile.py): the
   simulated users sign in, spread over both instances, then work for the
   measured window (60 s).
4. Stops the servers (also on an error or Ctrl-C), prints requests per second
   and the median and 95th percentile of every page, the errors, and checks
   every acknowledged save against the database (tests/load/saves.py).

Exits non-zero when a target is missed: a 95th percentile of 1 s or more on
any page, any error, any lost write. Everything the run wrote (figures, save
ledger, server and locust logs) is kept in load-results/<time>/.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parents[2]
RESULTS = PROJECT / "load-results"
P95_TARGET_MS = 1000
# The production settings of `make run` (Makefile RUN_ENV): DEBUG off, plain HTTP.
SERVER_ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": "make-load-local-only-key-not-for-production",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_COOKIES": "0",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--duration", type=float, default=60, help="measured seconds (60)")
    parser.add_argument("--leaders", type=int, default=20, help="simulated team leaders (20)")
    parser.add_argument("--managers", type=int, default=12, help="simulated managers (12)")
    parser.add_argument("--instances", type=int, default=2, help="gunicorn instances (2)")
    parser.add_argument("--workers", type=int, default=2, help="workers per instance (2)")
    parser.add_argument("--first-port", type=int, default=8101, help="port of the first (8101)")
    parser.add_argument("--microsystems", type=int, default=4, help="microsystems (4)")
    parser.add_argument(
        "--think-seconds",
        type=float,
        default=0,
        help="mean pause between a user's requests (0: each asks again at once)",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("LOAD_DATABASE", "microsystems_load"),
        help="database to recreate (LOAD_DATABASE, default microsystems_load); must say 'load'",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1",
        help="Redis database for the cache, emptied first (REDIS_URL, default .../1)",
    )
    arguments = parser.parse_args(argv)
    if "load" not in arguments.database:
        parser.error("the database is dropped and recreated: its name must contain 'load'")
    return arguments


def database_url(name: str) -> str:
    """The load database on the PostgreSQL server that DATABASE_URL names (never its database)."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        server = DEFAULT_SERVER
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def say(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare_database(arguments: argparse.Namespace, manifest_path: Path) -> dict:
    """Migrate, load the world and collect static files, in this process."""
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    from django.utils import timezone

    from tests.load.world import build_world

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    say(f"Migrated in {time.monotonic() - started:.0f} s; loading the load world")
    started = time.monotonic()
    manifest = build_world(
        microsystems=arguments.microsystems,
        leaders=arguments.leaders,
        managers=arguments.managers,
        today=timezone.localdate(),
    )
    manifest_path.write_text(json.dumps(manifest, indent=2))
    say(f"Loaded in {time.monotonic() - started:.0f} s")
    collect_static_files_if_changed()
    connections.close_all()
    return manifest


def collect_static_files_if_changed() -> None:
    """collectstatic, unless static/ and the pins are older than the last collection:
    compressing plotly.js and the rest takes minutes on this machine."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [PROJECT / "config" / "constraints.txt"]
    for folder in settings.STATICFILES_DIRS:
        sources += [path for path in Path(folder).rglob("*") if path.is_file()]
    newest = max(path.stat().st_mtime for path in sources)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        say("Static files already collected")
        return
    say("Collecting static files")
    call_command("collectstatic", verbosity=0, interactive=False)


def empty_cache(redis_url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(redis_url).flushdb()
    except redis.RedisError as error:
        raise SystemExit(f"Redis does not answer at {redis_url}: {error}") from None


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


class Servers:
    """The gunicorn instances; stopped on leaving the `with` block, whatever happened."""

    def __init__(self, ports: list[int], workers: int, environment: dict, logs: Path):
        self.ports, self.workers, self.environment, self.logs = ports, workers, environment, logs
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> "Servers":
        for port in self.ports:
            if not port_is_free(port):
                raise SystemExit(f"Port {port} is in use: stop what runs there, or --first-port.")
        for port in self.ports:
            log = (self.logs / f"gunicorn-{port}.log").open("w")
            self.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "config.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(self.workers),
                        "--access-logfile",
                        "-",
                        "--graceful-timeout",
                        "20",
                        "--no-control-socket",
                    ],
                    cwd=PROJECT,
                    env=self.environment,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C reaches the driver, which stops them
                )  # fmt: skip
            )
        self.wait_until_serving()
        return self

    def wait_until_serving(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        for port, process in zip(self.ports, self.processes, strict=True):
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"gunicorn on port {port} stopped: see {self.logs}")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError):
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn on port {port} did not answer in {timeout:.0f} s")
                time.sleep(0.3)

    def __exit__(self, *exc_info) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # graceful: finish requests, then stop
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def problems_logged(self) -> list[str]:
        """Worker timeouts, crashes and tracebacks the servers logged."""
        markers = ("WORKER TIMEOUT", "Traceback", "ERROR", "was sent SIGKILL")
        found = []
        for port in self.ports:
            for line in (self.logs / f"gunicorn-{port}.log").read_text().splitlines():
                if any(marker in line for marker in markers):
                    found.append(f"port {port}: {line.strip()}")
        return found


def run_locust(
    arguments: argparse.Namespace, paths: dict[str, Path], hosts: list[str], servers: "Servers"
) -> None:
    users = arguments.leaders + arguments.managers
    environment = {
        **os.environ,
        "LOAD_SERVER_PIDS": ",".join(str(process.pid) for process in servers.processes),
        "LOAD_MANIFEST": str(paths["manifest"]),
        "LOAD_LEDGER": str(paths["ledger"]),
        "LOAD_SUMMARY": str(paths["summary"]),
        "LOAD_HOSTS": ",".join(hosts),
        "LOAD_LEADERS": str(arguments.leaders),
        "LOAD_MANAGERS": str(arguments.managers),
        "LOAD_DURATION": str(arguments.duration),
        "LOAD_THINK_SECONDS": str(arguments.think_seconds),
    }
    # A safety net only: the locustfile stops locust when the window has closed.
    run_time = int(arguments.duration + 600)
    command = [
        sys.executable, "-m", "locust", "-f", str(PROJECT / "tests/load/locustfile.py"),
        "--headless", "--users", str(users), "--spawn-rate", str(users),
        "--run-time", f"{run_time}s", "--only-summary", "--host", hosts[0],
        "--logfile", str(paths["locust_log"]),
    ]  # fmt: skip
    with paths["locust_output"].open("w") as output:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=environment, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            process.wait()
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def stored_values(records) -> dict:
    """What the database holds now for every record the ledger names."""
    from microsystems.models import DemandObservation
    from valuation.models import Judgement

    stored: dict = {}
    demand_cells = {record.cell for record in records if record.kind == "demand"}
    if demand_cells:
        for type_id, period_start, volume in DemandObservation.objects.filter(
            demand_type_id__in={type_id for type_id, _ in demand_cells},
            period_start__in={period for _, period in demand_cells},
        ).values_list("demand_type_id", "period_start", "volume"):
            stored[("demand", (type_id, period_start.isoformat()))] = str(volume)
        for cell in demand_cells:
            stored.setdefault(("demand", cell), "")  # an empty cell shows as ""
    judged = {record.cell for record in records if record.kind == "judgement"}
    if judged:
        for (
            assessment_id,
            stakeholder_id,
            dimension_id,
            score,
            rationale,
        ) in Judgement.objects.filter(
            assessment_id__in={cell[0] for cell in judged},
            stakeholder_id__in={cell[1] for cell in judged},
            activity__isnull=True,
        ).values_list("assessment_id", "stakeholder_id", "dimension_id", "score", "rationale"):
            stored[("judgement", (assessment_id, stakeholder_id, dimension_id))] = (
                score,
                rationale,
            )
    return stored


def report(arguments, summary: dict, records, problems, server_problems) -> bool:
    """Print the figures and the verdict; True when every target is met."""
    from tests.load.saves import REFUSED, SAVED, UNKNOWN

    seconds = summary.get("seconds") or 1
    print()
    print(
        f"{arguments.leaders + arguments.managers} users ({arguments.leaders} leaders, "
        f"{arguments.managers} managers) on {arguments.instances} gunicorn instances x "
        f"{arguments.workers} workers, {seconds:.0f} s measured, "
        + (
            f"{arguments.think_seconds:g} s mean pause between requests"
            if arguments.think_seconds
            else "no pause between requests"
        )
    )
    print()
    header = f"{'page':<24}{'requests':>9}{'req/s':>8}{'median ms':>11}{'p95 ms':>9}"
    print(header + f"{'max ms':>9}{'errors':>8}")
    for page in summary["pages"]:
        name = page["name"] + (" (POST)" if page["method"] == "POST" else "")
        print(
            f"{name:<24}{page['requests']:>9}{page['requests'] / seconds:>8.1f}"
            f"{page['median_ms']:>11.0f}{page['p95_ms']:>9.0f}{page['max_ms']:>9.0f}"
            f"{page['failures']:>8}"
        )
    print(
        f"{'all':<24}{summary['requests']:>9}{summary['requests'] / seconds:>8.1f}"
        f"{summary['median_ms']:>11.0f}{summary['p95_ms']:>9.0f}{'':>9}{summary['failures']:>8}"
    )
    if "workers_cpu_seconds" in summary:
        workers, cores = arguments.instances * arguments.workers, os.cpu_count()
        app = summary["workers_cpu_seconds"]
        generator = summary["load_generator_cpu_seconds"]
        other = summary["machine_cpu_seconds"] - app - generator
        print(
            f"\nCPU in the window, of the {cores} cores' {seconds * cores:.0f} s: the "
            f"{workers} gunicorn workers {app:.0f} s "
            f"({1000 * app / max(summary['requests'], 1):.0f} ms a request), the load "
            f"generator {generator:.0f} s, everything else (PostgreSQL, Redis, any other "
            f"work on the machine) {other:.0f} s."
        )
    sign_ins = summary.get("sign_ins", {})
    print(
        f"Signed in before the window (not in the figures): {sign_ins.get('count', 0)} users, "
        f"median {sign_ins.get('median_ms', 0):.0f} ms, slowest {sign_ins.get('max_ms', 0):.0f} ms"
    )
    for kind, label in (("demand", "Demand-grid cells"), ("judgement", "Judgements")):
        of_kind = [record for record in records if record.kind == kind]
        counts = {o: sum(r.outcome == o for r in of_kind) for o in (SAVED, REFUSED, UNKNOWN)}
        print(
            f"{label} saved: {counts[SAVED]} acknowledged, {counts[REFUSED]} refused as edit "
            f"conflicts, {counts[UNKNOWN]} without a clear answer"
        )

    errors = list(summary.get("errors", []))
    failures = sign_ins.get("failures", [])
    if errors or failures or server_problems:
        print("\nErrors:")
        for error in errors:
            print(f"  {error['occurrences']} x {error['method']} {error['name']}: {error['error']}")
        for failure in failures:
            print(f"  sign-in: {failure}")
        for line in server_problems[:20]:
            print(f"  server log: {line}")
    lost_saves = len({(problem.record.user, problem.record.save) for problem in problems})
    if problems:
        print(f"\nLost writes: {len(problems)} records in {lost_saves} saves, the first:")
        for problem in problems[:10]:
            print(f"  {problem.line()}")

    slow = [page for page in summary["pages"] if page["p95_ms"] >= P95_TARGET_MS]
    failed_requests = summary["failures"] + summary.get("failures_after_window", 0)
    error_detail = (
        f"{failed_requests} failed requests, {len(failures)} failed sign-ins, "
        f"{len(server_problems)} problem lines in the server logs"
    )
    error_count = failed_requests + len(failures) + len(server_problems)
    early = summary.get("stopped_early") or summary.get("unfinished_at_stop")
    verdicts = [
        (
            f"95th percentile under {P95_TARGET_MS} ms on every page",
            not slow,
            ", ".join(f"{page['name']} {page['p95_ms']:.0f} ms" for page in slow),
        ),
        ("no errors", error_count == 0, error_detail),
        ("no lost writes", not problems, f"{len(problems)} records in {lost_saves} saves lost"),
        ("the window ran its full length", not early, "stopped early or cut requests off"),
    ]
    print("\nTargets:")
    for label, met, detail in verdicts:
        print(f"  {'met   ' if met else 'MISSED'} {label}" + ("" if met else f": {detail}"))
    return all(met for _, met, _ in verdicts)


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    url = database_url(arguments.database)
    results = RESULTS / datetime.now().strftime("%Y%m%d-%H%M%S")
    results.mkdir(parents=True, exist_ok=True)
    paths = {
        "manifest": results / "manifest.json",
        "ledger": results / "saves.jsonl",
        "summary": results / "summary.json",
        "locust_log": results / "locust.log",
        "locust_output": results / "locust-output.txt",
    }
    os.environ.update(SERVER_ENVIRONMENT, DATABASE_URL=url, REDIS_URL=arguments.redis_url)
    # Ctrl-C and SIGTERM (a timeout, `kill`) stop the servers and locust on the way out,
    # also when started in the background, where SIGINT comes ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    say(f"Recreating the database {arguments.database} and migrating it")
    recreate_database(url)
    prepare_database(arguments, paths["manifest"])
    empty_cache(arguments.redis_url)
    ports = [arguments.first_port + n for n in range(arguments.instances)]
    hosts = [f"http://127.0.0.1:{port}" for port in ports]
    say(f"Starting {arguments.instances} gunicorn instances ({arguments.workers} workers each)")
    with Servers(ports, arguments.workers, dict(os.environ), results) as servers:
        say(f"Serving on {', '.join(hosts)}; signing in and running for {arguments.duration:g} s")
        run_locust(arguments, paths, hosts, servers)
    say("Servers stopped; checking every acknowledged save against the database")
    if not paths["summary"].exists():
        print(f"locust wrote no summary: see {paths['locust_output']}")
        return 1
    summary = json.loads(paths["summary"].read_text())

    from django.db import connections

    from tests.load.saves import check_saves, read_ledger

    records = read_ledger(paths["ledger"])
    problems = check_saves(records, stored_values(records))
    connections.close_all()
    passed = report(arguments, summary, records, problems, servers.problems_logged())
    (results / "report.json").write_text(
        json.dumps(
            {"summary": summary, "lost_writes": [p.line() for p in problems], "passed": passed},
            indent=2,
        )
    )
    print(f"\nFigures, save ledger and logs: {results.relative_to(PROJECT)}/")
    return 0 if passed else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("\nInterrupted: the servers and locust were stopped.")
        sys.exit(130)
