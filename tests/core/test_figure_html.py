"""figure_html: every chart becomes a JSON data block, never an inline script."""

import json
import re

import plotly.graph_objects as go

from core.tables import PLOTLY_CONFIG, figure_html

HOSTILE = "</script><script>alert(1)</script><!--"


def data_block(html: str) -> dict:
    found = re.fullmatch(
        r'<div class="plotly-graph-div"><script type="application/json" data-chart-figure>'
        r"(.*)</script></div>",
        html,
        flags=re.DOTALL,
    )
    assert found, html[:200]
    return json.loads(found.group(1))


def test_a_figure_becomes_a_data_block_with_its_data_layout_and_config():
    figure = go.Figure(go.Bar(x=["a", "b"], y=[3, 4]), layout={"title": {"text": "Loans"}})
    block = data_block(figure_html(figure))
    assert block["data"] == [{"type": "bar", "x": ["a", "b"], "y": [3, 4]}]
    assert block["layout"]["title"] == {"text": "Loans"}
    assert block["config"] == PLOTLY_CONFIG


def test_charts_never_offer_to_upload_themselves_to_plotly_cloud():
    assert data_block(figure_html(go.Figure()))["config"]["showSendToCloud"] is False


def test_a_figure_dict_is_written_as_it_is():
    spec = {"data": [{"type": "bar", "x": [1], "y": [2]}], "layout": {"height": 300}}
    block = data_block(figure_html(spec))
    assert block == {**spec, "config": PLOTLY_CONFIG}


def test_text_in_a_figure_cannot_close_the_data_block():
    spec = {"data": [{"type": "bar", "x": [HOSTILE], "y": [1]}], "layout": {"title": HOSTILE}}
    html = figure_html(spec)
    assert html.count("</script") == 1 and "<!--" not in html
    block = data_block(html)
    assert block["layout"]["title"] == HOSTILE and block["data"][0]["x"] == [HOSTILE]


def test_numpy_pandas_and_dates_are_written_plainly_and_nan_as_null():
    """The encoder's fast path and the fallback (for a NaN) write the same values."""
    import datetime as dt
    from decimal import Decimal

    import numpy as np
    import pandas as pd

    values = {
        "x": pd.Series(pd.to_datetime(["2026-01-01", "2026-02-01"])),
        "y": np.array([1.5, 2.0]),
        "n": [np.int64(3), np.bool_(True), Decimal("2.50"), dt.date(2026, 3, 1), None],
        "t": (1, "a"),
    }
    expected = {
        "x": ["2026-01-01T00:00:00", "2026-02-01T00:00:00"],
        "y": [1.5, 2.0],
        "n": [3, True, 2.5, "2026-03-01", None],
        "t": [1, "a"],
    }
    assert data_block(figure_html({"data": [values]}))["data"] == [expected]
    # One NaN anywhere: written as null, the rest the same.
    with_nan = {**values, "y": np.array([1.5, float("nan")])}
    assert data_block(figure_html({"data": [with_nan]}))["data"] == [{**expected, "y": [1.5, None]}]
