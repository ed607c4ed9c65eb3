"""Plotly figures: data in, figure out; :data:`APP_CONFIG`, how the app shows them."""

__all__ = ["APP_CONFIG"]

# How the app shows every figure: no mode bar (on a phone its buttons lay over the chart's title and
# legend, and its zoom fights the page's scrolling); no logo; resized with the page.
APP_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}
