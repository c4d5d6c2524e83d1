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
