"""The weights overview's report, cached under the assessment's inputs, and its table's
rows joined in Python instead of the template loop they replace."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stakeholders.models import Stakeholder
from valuation.analysis.weights import CONSISTENCY_LIMIT, pairs
from valuation.models import ValueDimension
from valuation.reports.weights import weights_page, weights_rows_html
from valuation.selectors.weights import weights_overview
from valuation.services.weights import weights_set_by_pairwise, weights_set_by_points

# The rows as templates/valuation/weights.html rendered them before they were joined in Python.
TEMPLATE_ROWS = """
      {% for row in page.rows %}
      <tr>
        <th scope="row">{{ row.name }} <span class="d-block small fw-normal text-body-secondary">{{ row.kind }}</span></th>
        {% for cell in row.cells %}<td class="num">{{ cell }}</td>{% endfor %}
        <td>{{ row.method_label }}</td>
        <td class="num">{% if row.inconsistent %}<span class="text-danger-emphasis"><span aria-hidden="true">⚠</span> {{ row.consistency_ratio }} <span class="small">(above {{ consistency_limit }})</span></span>{% else %}{{ row.consistency_ratio }}{% endif %}</td>
        {% if can_change %}
        <td class="text-nowrap">
          <a href="{% url 'valuation:weights_points' microsystem.slug assessment.pk row.stakeholder_id %}">Points<span class="visually-hidden"> for {{ row.name }}</span></a>
          · <a href="{% url 'valuation:weights_pairwise' microsystem.slug assessment.pk row.stakeholder_id %}">Pairwise<span class="visually-hidden"> for {{ row.name }}</span></a>
        </td>
        {% endif %}
      </tr>
      {% endfor %}
"""  # noqa: E501


def without_layout(html: str) -> str:
    """The markup with the template's indentation and line breaks left out."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def overview_url(assessment) -> str:
    return reverse(
        "valuation:weights",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


def queries_of(client, url) -> tuple[str, int]:
    """The page (its CSRF token, new each request, left out) and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return html, len(queries.captured_queries)


@pytest.fixture
def weighted(assessment, stakeholder, microsystem) -> list[ValueDimension]:
    """Points for one stakeholder, circular pairwise answers for another (a warning), a
    third with none, and names that need escaping."""
    active = list(ValueDimension.objects.active())
    weights_set_by_points(
        assessment=assessment,
        stakeholder=stakeholder,
        points=dict(zip(active, [10, 20, 30, 40, 0], strict=True)),
    )
    funders = Stakeholder.objects.create(
        microsystem=microsystem, name="<b>Council</b> & co", kind=Stakeholder.Kind.FUNDERS
    )
    answers = [(first, second, 9) for first, second in pairs(active)]
    answers[3] = (active[0], active[4], "1/9")
    weights_set_by_pairwise(assessment=assessment, stakeholder=funders, answers=answers)
    Stakeholder.objects.create(microsystem=microsystem, name="Volunteers")
    return active


@pytest.mark.parametrize("can_change", [False, True])
def test_the_rows_are_the_old_templates_rows(assessment, weighted, can_change):
    page = weights_page(weights_overview(assessment))
    assert any(row.inconsistent for row in page.rows)
    assert any(not row.has_weights for row in page.rows)
    slug = assessment.microsystem.slug
    old = (
        engines["django"]
        .from_string(TEMPLATE_ROWS)
        .render(
            {
                "page": page,
                "can_change": can_change,
                "microsystem": assessment.microsystem,
                "assessment": assessment,
                "consistency_limit": f"{CONSISTENCY_LIMIT:.2f}",
            }
        )
    )
    new = weights_rows_html(page, slug, assessment.pk, can_change=can_change)
    assert "&lt;b&gt;Council&lt;/b&gt; &amp; co" in new
    assert without_layout(new) == without_layout(old)


def test_a_repeat_view_is_served_from_the_cache_and_a_save_shows_at_once(
    client_for, assessment, stakeholder, weighted
):
    cache.clear()
    client = client_for("lead")
    url = overview_url(assessment)
    first, first_queries = queries_of(client, url)
    repeat, repeat_queries = queries_of(client, url)
    assert repeat == first
    assert repeat_queries == first_queries - 4  # stakeholders, dimensions, weights (2)
    assert '<td class="num">40%</td>' in first

    weights_set_by_points(
        assessment=assessment,
        stakeholder=stakeholder,
        points=dict(zip(weighted, [0, 0, 0, 45, 55], strict=True)),
    )
    after, after_queries = queries_of(client, url)
    assert '<td class="num">55%</td>' in after and '<td class="num">55%</td>' not in first
    assert after_queries == first_queries


def test_a_renamed_stakeholder_shows_at_once(client_for, assessment, stakeholder, weighted):
    client = client_for("member")
    url = overview_url(assessment)
    assert "Library users" in queries_of(client, url)[0]
    stakeholder.name = "Readers"
    stakeholder.save()
    html = queries_of(client, url)[0]
    assert "Readers" in html and "Library users" not in html


def test_viewers_and_editors_each_see_their_own_rows_from_one_report(
    client_for, assessment, stakeholder, weighted
):
    points = reverse(
        "valuation:weights_points",
        args=(assessment.microsystem.slug, assessment.pk, stakeholder.pk),
    )
    url = overview_url(assessment)
    assert points in client_for("lead").get(url).content.decode()
    assert points not in client_for("member").get(url).content.decode()
    assert points in client_for("lead").get(url).content.decode()
