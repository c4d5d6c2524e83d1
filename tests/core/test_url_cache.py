"""Remembered addresses (core/url_cache.py, the `{% url %}` builtin) are the addresses
Django reverses, whatever they are reversed from."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from core.url_cache import _reverse, cached_reverse, forget_addresses
from microsystems.templatetags.cached_urls import CachedURLNode


@pytest.fixture(autouse=True)
def forgotten():
    forget_addresses()
    yield
    forget_addresses()


def test_an_address_is_reversed_once_and_is_what_reverse_gives():
    for args in ([], ["eastfield-library"], ["another-unit"]):
        name = "microsystems:detail" if args else "microsystems:home"
        assert cached_reverse(name, args=args) == reverse(name, args=args)
    assert cached_reverse("valuation:assessment", kwargs={"slug": "u", "assessment_id": 7}) == (
        reverse("valuation:assessment", kwargs={"slug": "u", "assessment_id": 7})
    )
    misses = _reverse.cache_info().misses
    cached_reverse("microsystems:detail", args=["eastfield-library"])
    cached_reverse("valuation:assessment", kwargs={"assessment_id": 7, "slug": "u"})
    assert _reverse.cache_info().misses == misses


def test_the_script_prefix_is_part_of_the_address():
    home = cached_reverse("microsystems:detail", args=["unit"])
    set_script_prefix("/value/")
    try:
        assert cached_reverse("microsystems:detail", args=["unit"]) == "/value" + home
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert cached_reverse("microsystems:detail", args=["unit"]) == home


def test_another_url_configuration_gives_its_own_addresses():
    assert cached_reverse("microsystems:home") == "/"
    with override_settings(ROOT_URLCONF="tests.core.urls_elsewhere"):
        assert cached_reverse("microsystems:home") == "/elsewhere/"
    assert cached_reverse("microsystems:home") == "/"


def test_what_is_not_a_plain_string_or_number_is_reversed_every_time():
    from django.utils.functional import lazy

    lazy_slug = lazy(lambda: "unit", str)()
    misses = _reverse.cache_info().misses
    assert cached_reverse("microsystems:detail", args=[lazy_slug]) == "/microsystems/unit/"
    assert cached_reverse("microsystems:detail", args=[True]) == "/microsystems/True/"
    assert _reverse.cache_info().misses == misses


def test_a_name_that_does_not_reverse_raises_every_time():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            cached_reverse("microsystems:no_such_page")
        with pytest.raises(NoReverseMatch):
            cached_reverse("microsystems:detail", args=["not a slug!"])


def test_the_url_tag_is_the_remembering_one_and_renders_as_djangos():
    template = Template(
        '{% url "microsystems:detail" slug %}|{% url "microsystems:nothing" as gone %}[{{ gone }}]'
        '|{% url name slug as there %}{{ there }}|{% url "microsystems:home" %}'
    )
    assert any(isinstance(node, CachedURLNode) for node in template.nodelist)
    context = {"slug": "a-b", "name": "microsystems:detail"}
    rendered = template.render(Context(context))
    assert rendered == "/microsystems/a-b/|[]|/microsystems/a-b/|/"
    with pytest.raises(NoReverseMatch):
        Template('{% url "microsystems:nothing" %}').render(Context())
    # A template's literal name is a safe string: remembered all the same (the name
    # that does not reverse is tried again: one miss).
    misses = _reverse.cache_info().misses
    assert template.render(Context(context)) == rendered
    assert _reverse.cache_info().misses == misses + 1
