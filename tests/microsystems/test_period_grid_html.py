"""The entry grid's rows, joined in Python: every text escaped, markup as the template's."""

from datetime import date
from types import SimpleNamespace

from django.http import QueryDict

from microsystems.forms.demand_entry import DemandGridForm

JAN = date(2025, 1, 1)


def grid(name: str, posted: str | None = None) -> DemandGridForm:
    item = SimpleNamespace(pk=7, name=name, unit='calls & "visits"')
    data = None
    if posted is not None:
        data = QueryDict(mutable=True)
        data["v_7_20250101"] = posted
        data["was_v_7_20250101"] = "12"
    return DemandGridForm(
        items=[item], period_starts=[JAN], granularity="month", saved={(7, JAN): 12}, data=data
    )


def test_a_cell_as_shown():
    html = str(grid("Repairs").rows_html)
    assert html == (
        '<tr><th scope="row">Repairs <span class="d-block small fw-normal text-body-secondary">'
        "calls &amp; &quot;visits&quot;</span></th>"
        '<td class="num"><label class="visually-hidden" for="id_v_7_20250101">'
        "Repairs, Jan 2025</label>"
        '<input type="text" inputmode="numeric" autocomplete="off" size="6" '
        'class="form-control form-control-sm text-end" id="id_v_7_20250101" '
        'name="v_7_20250101" value="12">'
        '<input type="hidden" name="was_v_7_20250101" value="12"></td></tr>'
    )


def test_every_text_is_escaped_names_and_posted_values_and_errors():
    form = grid("<b>Chasing & 'calls'</b>", posted='"><script>alert(1)</script>')
    assert not form.is_valid()
    html = str(form.rows_html)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;Chasing &amp; &#x27;calls&#x27;&lt;/b&gt;" in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert 'aria-invalid="true" aria-describedby="id_v_7_20250101_error"' in html
    assert '<div class="invalid-feedback text-start" id="id_v_7_20250101_error">' in html


def posted_as_shown(text: str) -> DemandGridForm:
    item = SimpleNamespace(pk=7, name="Repairs", unit="")
    data = QueryDict(mutable=True)
    data["v_7_20250101"] = text
    data["was_v_7_20250101"] = text
    return DemandGridForm(
        items=[item], period_starts=[JAN], granularity="month", saved={}, data=data
    )


def test_a_figure_posted_back_as_shown_is_no_change_and_no_error():
    for text in ("", "0", "12", "007", "2147483647"):
        form = posted_as_shown(text)
        assert form.is_valid(), text
        assert form.changes == {} and form.expected == {}


def test_a_text_posted_as_shown_that_is_not_plain_digits_is_still_read():
    # Grouped digits read as a number in the cell but not in the hidden copy
    # (a tampered copy): the cell is written, as before the shortcut.
    form = posted_as_shown("1,234")
    assert form.is_valid()
    assert form.changes == {(7, JAN): 1234} and form.expected == {}
    for refused in ("2147483648", "12.5", "-3", "abc", "１２"):
        form = posted_as_shown(refused)
        if refused == "１２":  # full-width digits: read as 12, as parse_volume reads them
            assert form.is_valid() and form.changes == {}
            continue
        assert not form.is_valid(), refused
        assert form.cells_with_errors, refused
