"""The dimension judgement form's fieldsets, joined in Python, are the markup of the
template loop and includes they replace: unbound, stored, and bound with errors."""

import re

import pytest
from django.template import engines

from tests.support.fingerprints import as_opened
from valuation.forms.judgements import DimensionJudgementsForm, rationale_field, score_field
from valuation.models import ValueDimension

# templates/valuation/judgements_form.html's fieldsets before they were joined in Python.
TEMPLATE_FIELDSETS = """
  {% for dimension, score, rationale in form.rows %}
  <fieldset class="card card-body mb-3">
    <legend class="h5 mb-1">{{ dimension.name }}</legend>
    <p class="form-text mt-0">{{ dimension.description }}</p>
    <div class="row g-3">
      <div class="col-sm-3">{% include "valuation/judgement_field.html" with field=score textarea=False %}</div>
      <div class="col-sm-9">{% include "valuation/judgement_field.html" with field=rationale textarea=True rows=3 %}</div>
    </div>
  </fieldset>
  {% endfor %}
"""  # noqa: E501


def without_layout(html: str) -> str:
    """The markup with the template's indentation and line breaks left out."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def form_for(stakeholder, data=None, stored=None) -> DimensionJudgementsForm:
    def build(data):
        return DimensionJudgementsForm(
            data,
            dimensions=list(ValueDimension.objects.active()),
            stakeholder=stakeholder,
            stored=stored or {},
        )

    return build(None if data is None else as_opened(build(None), data))


@pytest.fixture
def escaped_words(db) -> list[ValueDimension]:
    """A dimension whose name and description need escaping."""
    dimension = ValueDimension.objects.active().first()
    dimension.name = "Equity <b>& fairness</b>"
    dimension.description = 'Who "gets" <i>what</i>'
    dimension.save()
    return list(ValueDimension.objects.active())


def old_and_new(form) -> tuple[str, str]:
    old = engines["django"].from_string(TEMPLATE_FIELDSETS).render({"form": form})
    return without_layout(old), without_layout(form.fieldsets_html())


def test_unbound_with_stored_judgements(stakeholder, escaped_words):
    stakeholder.name = "Tenants & <co>"
    stored = {escaped_words[0].pk: (7, 'Said "fine" <twice>'), escaped_words[2].pk: (0, "None.")}
    form = form_for(stakeholder, stored=stored)
    old, new = old_and_new(form)
    assert "&lt;b&gt;&amp; fairness&lt;/b&gt;" in new and 'value="7"' in new
    assert new == old


def test_bound_with_errors(stakeholder, escaped_words):
    data = {
        score_field(escaped_words[0]): "eleven",
        rationale_field(escaped_words[0]): "<script>x</script>",
        score_field(escaped_words[1]): "8",
        score_field(escaped_words[3]): "",
        rationale_field(escaped_words[3]): "A reason without a score.",
    }
    form = form_for(stakeholder, data=data)
    assert not form.is_valid()
    old, new = old_and_new(form)
    assert new.count('aria-invalid="true"') == 3
    assert "&lt;script&gt;" in new
    assert new == old
