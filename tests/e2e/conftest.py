"""End-to-end tests: Debian's Chromium, driven by Playwright, against a live server.

The browser is /usr/bin/chromium (or $CHROMIUM), installed by `make test-browser` from
Debian's packages; Playwright never downloads one. The tests fail, rather than
skip, when it is missing.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from microsystems.demo import DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The flags a closed network needs: no background calls home, no updates.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def orm_beside_playwright(monkeypatch):
    """Playwright's sync API keeps an event loop in this thread; the ORM calls the
    tests make between browser steps are ordinary blocking calls. Only for these
    tests: the deploy check refuses this variable, rightly, everywhere else."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    """A fresh Chromium per test (about a second): Playwright's event loop then
    stops before the test database is flushed, which Django refuses to do from
    inside a running loop."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium is needed at {CHROMIUM}: run `make test-browser`"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_data(transactional_db):
    # Each live-server test empties the database afterwards, which also removes
    # what a data migration put there: put the default value dimensions back.
    from django.apps import apps

    importlib.import_module("valuation.migrations.0002_default_value_dimensions").add_dimensions(
        apps, None
    )
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)


@pytest.fixture
def signed_in(browser, live_server, demo_data):
    """signed_in("leader") -> a new browser page signed in as that demo user."""
    contexts = []

    def sign_in(username: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield sign_in
    for context in contexts:
        context.close()


@pytest.fixture(scope="session", autouse=True)
def no_stray_database_sessions(django_db_setup, live_server, django_db_blocker):
    """Before the test database is dropped, end any session the live server's
    request threads left open (a thread can end without closing its connection);
    otherwise PostgreSQL refuses to DROP the database."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
