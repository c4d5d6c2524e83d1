"""Charts are plain figure dicts: the tests check each against plotly's schema."""

from collections.abc import Callable

import plotly.graph_objects as go


def validated(chart: Callable[..., dict]) -> Callable[..., go.Figure]:
    """`chart`, returning its figure dict as a plotly Figure: building one validates
    every property of the dict, so a misspelt or misplaced one fails the test."""

    def build(*args, **kwargs) -> go.Figure:
        spec = chart(*args, **kwargs)
        assert isinstance(spec, dict), f"{chart.__name__} must return a plain figure dict"
        assert set(spec) == {"data", "layout"}, set(spec)
        return go.Figure(spec)

    build.__name__ = chart.__name__
    return build
