"""An app server's worker is ready for its first request when it starts."""

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_loading_the_wsgi_application_imports_the_forecasting_library():
    # In a fresh interpreter: this test process may have imported it already.
    check = (
        "import sys, config.wsgi; "
        "sys.exit(0 if 'statsmodels.tsa.holtwinters' in sys.modules else 3)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_management_command_does_not_import_it():
    # The import is for serving only; `manage.py` commands and tests skip its 2 s.
    check = (
        "import os, sys, django; "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
        "django.setup(); import microsystems.analysis.forecast; "
        "sys.exit(3 if 'statsmodels.tsa.holtwinters' in sys.modules else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_what_the_worker_imported_is_kept_out_of_the_garbage_collectors_way():
    check = (
        "import gc, sys; assert gc.get_freeze_count() == 0; import config.wsgi; "
        "sys.exit(0 if gc.get_freeze_count() > 100_000 else 3)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
