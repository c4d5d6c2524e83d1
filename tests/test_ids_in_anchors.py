"""Issue 13 item 9: with USE_THOUSAND_SEPARATOR on, an id rendered as {{ id }} reads
"1,234", breaking fragment links such as #group-1234 once ids pass 1,000. Every id in a
URL or an anchor is rendered without separators; these pages have ids over 1,000."""

import re

import pytest
from django.urls import reverse

from microsystems.models import Organisation
from stakeholders.models import Expectation, Stakeholder
from tests.support.factories import make_microsystem

pytestmark = pytest.mark.django_db


@pytest.fixture
def stakeholder_1234(microsystem):
    stakeholder = Stakeholder.objects.create(
        pk=1234, microsystem=microsystem, name="Library users",
        kind=Stakeholder.Kind.SERVICE_USERS, power=2, interest=5,
    )  # fmt: skip
    Expectation.objects.create(
        stakeholder=stakeholder, statement="Books when I want them.",
        kind=Expectation.Kind.BENEFIT, priority=Expectation.Priority.HIGH,
    )  # fmt: skip
    return stakeholder


def test_the_register_links_to_the_group_anchor_on_the_expectations_page(
    client_for, microsystem, stakeholder_1234
):
    register = client_for("lead").get(reverse("stakeholders:list", args=[microsystem.slug]))
    expectations = client_for("lead").get(
        reverse("stakeholders:expectations", args=[microsystem.slug])
    )
    assert "#group-1234" in register.content.decode()
    assert 'id="group-1234"' in expectations.content.decode()
    assert 'aria-labelledby="group-1234-heading"' in expectations.content.decode()
    for page in (register, expectations):
        assert not re.search(r"group-1,234", page.content.decode())


def test_organisation_headings_on_home_have_ids_without_separators(client_for, users):
    organisation = Organisation.objects.create(pk=1234, name="Big Council", slug="big")
    make_microsystem(organisation, "Westfield Library")
    organisation.managers.add(users["manager"])
    page = client_for("manager").get(reverse("microsystems:home")).content.decode()
    assert 'id="org-1234"' in page and 'aria-labelledby="org-1234"' in page
    assert "org-1,234" not in page


def test_no_template_renders_a_bare_id():
    """Every {{ ...pk }}, {{ ...id }} or {{ ..._id }} in a template goes through
    |unlocalize (or stringformat), so a new one cannot bring the separator back. The
    period grid's cell.id and cell.error_id are text built in Python (f"id_{name}"),
    which Django does not localise."""
    from pathlib import Path

    from django.conf import settings

    bare = re.compile(r"\{\{\s*[\w.]*(?:\.pk|\.id|_id|_pk)\s*\}\}")
    offenders = [
        f"{path}:{number}"
        for root in settings.TEMPLATES[0]["DIRS"]
        for path in Path(root).rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if bare.search(line.replace("cell.id", "").replace("cell.error_id", ""))
    ]
    assert offenders == []
