# The two commands: `make run` and `make test`. Everything they need is
# installed into .venv from the exact versions in config/constraints.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip
CONSTRAINTS := config/constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

# `make run` serves the app as production does (DEBUG off: error pages, never
# tracebacks; static files through whitenoise) but over plain HTTP on this
# machine, with a key that says it is for local use only.
RUN_ENV := DEBUG=$${DEBUG:-0} SECRET_KEY=$${SECRET_KEY:-make-run-local-only-key-not-for-production} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} SECURE_SSL_REDIRECT=0 \
	SECURE_HSTS_SECONDS=0 SECURE_COOKIES=0
# Tests run with DEBUG off, as production does, but over plain HTTP.
TEST_ENV := DEBUG=0 SECRET_KEY=$${SECRET_KEY:-test-only-secret-key-not-for-production} \
	SECURE_SSL_REDIRECT=0 CHROMIUM=$(CHROMIUM)

# `make test` spreads the fast tests over the machine's cores (pytest-xdist).
WORKERS ?= auto

.PHONY: run test test-slow test-browser test-all install install-dev browser migrate seed \
	lint format bench load lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamp files, so a second `make` does not reinstall unless the pins changed.
$(VENV)/.installed-runtime: $(PY) pyproject.toml $(CONSTRAINTS)
	$(PIP) install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-dev: $(PY) pyproject.toml $(CONSTRAINTS)
	$(PIP) install --quiet -c $(CONSTRAINTS) -e ".[dev]"
	touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

# The end-to-end tests drive Debian's Chromium; it is installed from Debian's
# packages when missing (root, or sudo), never downloaded by a test tool.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Debian's chromium for the end-to-end tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@test -x "$(CHROMIUM)" || { echo "Chromium is needed at $(CHROMIUM) for the e2e tests"; exit 1; }

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo

run: seed
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .

format: install-dev
	$(BIN)/ruff format .

# The fast tests: lint, migrations check, and every test not marked slow or browser.
test: install-dev
	$(BIN)/ruff check .
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest -n $(WORKERS) -m "not slow and not browser" $(PYTEST_ARGS)

# Tests that take seconds each: real concurrent requests, fuzzing.
test-slow: install-dev
	$(TEST_ENV) $(BIN)/pytest -n $(WORKERS) -m slow $(PYTEST_ARGS)

# End-to-end tests in Debian's Chromium (tests/e2e), one browser at a time.
test-browser: install-dev browser
	$(TEST_ENV) $(BIN)/pytest -m browser $(PYTEST_ARGS)

test-all: test test-slow test-browser

bench: install-dev
	$(TEST_ENV) $(PY) -m tests.bench

# 32 simulated users on two gunicorn instances, one PostgreSQL (a database of
# its own, recreated) and one Redis, for 60 s; fails when a target is missed.
# LOAD_ARGS passes options, e.g. LOAD_ARGS="--duration 30" (`python -m tests.load -h`).
load: install-dev
	$(PY) -m tests.load $(LOAD_ARGS)

# Re-resolve the pins from pyproject.toml (run deliberately, then commit).
lock:
	rm -rf /tmp/lock-venv && $(PYTHON) -m venv /tmp/lock-venv
	/tmp/lock-venv/bin/pip install --quiet -e ".[dev]"
	/tmp/lock-venv/bin/pip freeze --exclude-editable | sort -f > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) staticfiles *.egg-info
