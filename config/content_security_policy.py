"""The Content-Security-Policy every response carries (django-csp reads it from settings).

Scripts and styles come only from our own static files. Nothing inline runs unless
it carries the request's nonce, and only one element does: the empty <style> that
plotly.js fills through the CSSOM (templates/includes/chart_scripts.html). Charts
are JSON data blocks drawn by static/js/charts.js, so they need no inline script.

What plotly.js adds to the page by itself is allowed by its exact text (a hash),
never in general. tests/e2e/test_content_security_policy.py fails, naming the
blocked text, if a new plotly.js adds something else.
"""

import base64
import hashlib

from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# The style="..." attributes plotly.js sets, each a fixed text in its source: colour-bar
# cells are reset with an empty style; heatmap cells are drawn sharp, not blurred; and
# the rich-text tags of titles and hover labels (<b>, <i>, <sup>...) become styled
# <tspan>s (TAG_STYLES in plotly.js's svg_text_utils).
PLOTLY_STYLE_ATTRIBUTES = [
    "",
    "image-rendering: optimizeSpeed; image-rendering: -moz-crisp-edges; "
    "image-rendering: -o-crisp-edges; image-rendering: -webkit-optimize-contrast; "
    "image-rendering: optimize-contrast; image-rendering: crisp-edges; "
    "image-rendering: pixelated; ",
    "font-weight:bold",
    "font-style:italic",
    "font-style:italic;font-weight:bold",
    "font-size:70%",
    "text-decoration:underline",
    "text-decoration:line-through",
    "cursor:pointer",
]
# The <style> of map styles (maplibre) that plotly.js adds as it loads; we draw no
# maps, but blocking it would report a violation on every chart page.
PLOTLY_MAPLIBRE_STYLE = "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "script-src-attr": [NONE],  # no onclick="..." handlers
        "style-src": [SELF, NONCE, PLOTLY_MAPLIBRE_STYLE],
        "style-src-attr": [UNSAFE_HASHES, *map(csp_hash, PLOTLY_STYLE_ATTRIBUTES)],
        # Bootstrap's icons and plotly's heatmaps are data: images; plotly's "Download
        # plot as a PNG" draws the chart through a blob: image.
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
