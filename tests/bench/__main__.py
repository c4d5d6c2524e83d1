"""`python -m tests.bench [module ...]`: run the benchmarks on a fresh test database."""

import importlib
import os
import pkgutil
import sys
import warnings


def forget_worlds_built_once() -> None:
    """Empty every functools.cache of the bench modules: a world built once a run
    (tests/bench/portfolio.py shared_world, which the unit dashboard's bench reuses)
    was rolled back with the module that built it, so the next to ask builds it again."""
    for name, module in list(sys.modules.items()):
        if name.startswith("tests.bench.") and module is not None:
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def main(selected: list[str]) -> int:
    # As in the tests: static/ is served directly, staticfiles/ need not exist.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment, teardown_test_environment

    import tests.bench as package

    # Same as the tests: plain static files, fast hashing, test database.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"Benchmarks on {connection.vendor} ({connection.settings_dict['NAME']})")
    results = []
    try:
        names = selected or sorted(
            module.name
            for module in pkgutil.iter_modules(package.__path__)
            if module.name != "harness" and not module.name.startswith("_")
        )
        for name in names:
            module = importlib.import_module(f"tests.bench.{name}")
            # Each module builds its own world in an empty database (the load
            # world's measures share names with the assessment page's): what one
            # wrote is rolled back, and its cached reports emptied, before the next.
            with transaction.atomic():
                for result in module.run():
                    print(result.line(), flush=True)
                    results.append(result)
                transaction.set_rollback(True)
            cache.clear()
            forget_worlds_built_once()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    from tests.bench.harness import table

    print()
    print(table(results))
    failed = [result for result in results if not result.passed]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
