"""The shared cache: Redis when REDIS_URL is set, this process's memory otherwise.

The settings module is loaded afresh under another name for each environment,
so the settings of the running test session are left alone.
"""

import importlib.util
import os
import pickle
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = PROJECT / "config" / "settings.py"
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
LOCAL_MEMORY_BACKEND = "django.core.cache.backends.locmem.LocMemCache"
# A Redis database of its own, so the test never touches the load test's cache
# (database 1) or the default one; TEST_REDIS_URL names another server.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def settings_loaded_with(monkeypatch, **environment: str):
    monkeypatch.delenv("REDIS_URL", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    name = f"settings_probe_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_without_redis_url_the_cache_is_local_memory(monkeypatch):
    settings = settings_loaded_with(monkeypatch)
    assert settings.CACHES["default"]["BACKEND"] == LOCAL_MEMORY_BACKEND


def test_redis_url_selects_the_redis_cache_at_that_address(monkeypatch):
    settings = settings_loaded_with(monkeypatch, REDIS_URL="redis://cache.internal:6380/3")
    assert settings.CACHES["default"]["BACKEND"] == REDIS_BACKEND
    assert settings.CACHES["default"]["LOCATION"] == "redis://cache.internal:6380/3"


def test_an_empty_redis_url_means_no_redis(monkeypatch):
    settings = settings_loaded_with(monkeypatch, REDIS_URL="")
    assert settings.CACHES["default"]["BACKEND"] == LOCAL_MEMORY_BACKEND


@pytest.mark.slow
def test_a_value_cached_by_the_app_is_in_redis():
    """Set through Django's cache in another process started with REDIS_URL; read raw."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:  # pragma: no cover - the machine's setup
        pytest.fail(f"Redis must answer at {TEST_REDIS_URL} (set TEST_REDIS_URL): {error}")
    key = f"cache-settings-test-{uuid.uuid4().hex}"
    value = {"report": "demand", "rows": [1, 2, 3]}
    environment = {
        **os.environ,
        "REDIS_URL": TEST_REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    script = (
        "import django; django.setup(); from django.core.cache import caches; "
        f"caches['default'].set({key!r}, {value!r}, timeout=60); "
        "print('backend:', type(caches['default']).__name__)"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=PROJECT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "backend: RedisCache" in result.stdout.splitlines()
        stored = list(client.scan_iter(match=f"*{key}"))
        assert len(stored) == 1, stored
        assert pickle.loads(client.get(stored[0])) == value
    finally:
        for name in client.scan_iter(match=f"*{key}"):
            client.delete(name)
