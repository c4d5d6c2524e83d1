"""Addresses reversed once per process: `reverse` with a memory.

A page reversed about 30 addresses (the navigation, the unit's tabs, its links), each
about 30 µs of CPU walking Django's URL resolver. The URL patterns do not change while
the process runs, so an address depends only on what it is reversed from: the view's
name, its arguments, the current application (namespace), the URL configuration and
the script prefix the site is served under. They make the key; settings that swap the
URL configuration (tests) change the key too.

Only names and arguments that are strings (plain, or marked safe as a template's
literals are) or int are remembered (a slug, an id); anything else, lazy strings or
model instances, is reversed every time. A name that does not reverse
raises NoReverseMatch every time, as `reverse` does. The project's URL patterns are not
translated (no i18n_patterns, no translated routes), so the language is not in the key.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

# More than the distinct addresses of a busy process (names times units): a full
# cache forgets the least recently used.
CACHED_ADDRESSES = 8192
REMEMBERED_TYPES = (str, SafeString, int)


@lru_cache(maxsize=CACHED_ADDRESSES)
def _reverse(viewname, args, kwargs, current_app, urlconf, prefix) -> str:
    return reverse(
        viewname,
        urlconf=urlconf,
        args=args or None,
        kwargs=dict(kwargs) if kwargs else None,
        current_app=current_app,
    )


def _rememberable(values) -> bool:
    return all(type(value) in REMEMBERED_TYPES for value in values)


def cached_reverse(viewname, args=None, kwargs=None, current_app=None) -> str:
    """`django.urls.reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)`."""
    args = tuple(args) if args else ()
    items = tuple(sorted(kwargs.items())) if kwargs else ()
    if not (
        type(viewname) in REMEMBERED_TYPES
        and (current_app is None or type(current_app) in REMEMBERED_TYPES)
        and _rememberable(args)
        and _rememberable(value for _, value in items)
    ):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, args, items, current_app, urlconf, get_script_prefix())


def forget_addresses() -> None:
    _reverse.cache_clear()
