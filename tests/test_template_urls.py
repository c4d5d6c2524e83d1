"""A link to a page that does not exist fails loudly.

`{% url 'name' as variable %}` swallows a NoReverseMatch and leaves the variable
empty, which is how templates once guarded links to pages that "did not exist
yet". No such guard is left: every URL a template names (with or without `as`)
must be one the project has, so a renamed or removed page fails here rather than
becoming an empty link.
"""

import re
from pathlib import Path

from django.urls import NoReverseMatch, reverse

from tests.support.url_access import all_url_names

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
URL_TAG = re.compile(r"""{%\s*url\s+['"]([\w:-]+)['"]""")


def named_urls(text: str) -> set[str]:
    return set(URL_TAG.findall(text))


def test_every_url_a_template_names_exists():
    known = set(all_url_names())
    unknown = {}
    for path in TEMPLATES.rglob("*.html"):
        for name in sorted(named_urls(path.read_text())):
            if name in known:
                continue
            try:  # Django's own (admin:index, logout) are not in the project's patterns
                reverse(name)
            except NoReverseMatch as error:
                if "not a registered namespace" in str(error) or "is not a valid" in str(error):
                    unknown.setdefault(str(path.relative_to(TEMPLATES)), []).append(name)
    assert unknown == {}


def test_the_url_check_reads_every_url_tag():
    sample = (
        "{% url 'valuation:portfolio' as portfolio_url %}"
        '<a href="{% url "microsystems:home" %}">'
        "{% url 'valuation:measure_run_chart' microsystem.slug pk as chart_url %}"
    )
    assert named_urls(sample) == {
        "valuation:portfolio", "microsystems:home", "valuation:measure_run_chart",
    }  # fmt: skip
