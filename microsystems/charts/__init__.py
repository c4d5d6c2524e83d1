"""Pure functions that turn analysis results into Plotly figures."""
