"""The cohort dashboard's figures: data in (a :class:`~coach.workspace.cohort.CohortDashboard`), figure out.

Participants' names are made inert text (:func:`~coach.safe_text.plain_html`): Plotly renders markup in labels.
"""

from __future__ import annotations

from itertools import pairwise

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..i18n import t
from ..safe_text import plain_html
from ..report.dimensions import SCORE_KEYS
from ..workspace.cohort import CohortDashboard, heatmap_matrix, scored_dimensions

__all__ = ["change_figure", "dashboard_figures", "distribution_figure", "heatmap_figure", "improvement_figure", "label"]


def label(key: str, lang: str = "id") -> str:
    """A dashboard label in ``lang``: ``chart.<key>`` of the interface catalogs (falls back to Indonesian, then
    to the key)."""
    text = t(f"chart.{key}", lang)
    return key if text == f"chart.{key}" else text


def _dim(dim: str, lang: str) -> str:
    return t(f"dim_{dim}", lang)


def heatmap_figure(dash: CohortDashboard, *, lang: str = "id", limit: int | None = None) -> go.Figure:
    """Participants (rows, weakest overall on top; ``limit``: only the weakest) × dimensions, by mean score."""
    names, dims, z, ids = heatmap_matrix(dash, limit=limit)
    names = [plain_html(n) for n in names]  # Plotly renders <a href> and friends in labels: names stay text
    n = len(names)
    # Each cell says its score (not only on hover, which phones lack); past ~60 rows the digits would overlap.
    values = [["" if v is None else f"{v:.0f}" for v in row] for row in z] if n <= 60 else None
    fig = go.Figure(go.Heatmap(
        z=z, x=[_dim(d, lang) for d in dims], y=list(range(n)), zmin=0, zmax=100, colorscale="RdYlGn",
        text=values, texttemplate="%{text}" if values is not None else None, textfont={"size": 11},
        customdata=[[[name, pid]] * len(dims) for name, pid in zip(names, ids)],
        hovertemplate="%{customdata[0]} · %{x}: %{z:.0f}<extra></extra>", meta="heatmap",
        colorbar={"title": {"text": label("score", lang)}}, xgap=1, ygap=1 if n <= 150 else 0))
    show_names = n <= 150  # beyond that the names overlap; hovering still gives them
    fig.update_yaxes(tickmode="array", tickvals=list(range(n)) if show_names else [],
                     ticktext=names if show_names else [], autorange="reversed", title_text=label("participant", lang))
    fig.update_layout(height=min(3000, max(320, 18 * n + 140)), margin={"l": 10, "r": 10, "t": 30, "b": 40},
                      template="plotly_white")
    return fig


def distribution_figure(dash: CohortDashboard, *, lang: str = "id", cols: int = 3) -> go.Figure:
    """One small histogram per scored dimension: how many attempts fall in each 10-point band."""
    dims = scored_dimensions(dash) or ["overall"]
    rows = -(-len(dims) // cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[_dim(d, lang) for d in dims],
                        vertical_spacing=0.12 if rows > 1 else 0.2, horizontal_spacing=0.06, shared_yaxes=True)
    edges = dash.bin_edges
    centres = [(a + b) / 2 for a, b in pairwise(edges)]
    labels = [f"{a}–{b}" for a, b in pairwise(edges)]
    for i, d in enumerate(dims):
        fig.add_trace(go.Bar(x=centres, y=dash.histograms.get(d, [0] * len(centres)), width=9, meta=d,
                             name=_dim(d, lang), customdata=labels, marker_color="#1f77b4" if d != "overall"
                             else "#111111", hovertemplate="%{customdata}: %{y}<extra>%{fullData.name}</extra>"),
                      row=i // cols + 1, col=i % cols + 1)
    fig.update_xaxes(range=[0, 100], dtick=20)
    fig.update_layout(height=max(300, 220 * rows + 60), showlegend=False, template="plotly_white",
                      margin={"l": 40, "r": 10, "t": 40, "b": 30}, bargap=0.05)
    return fig


def improvement_figure(dash: CohortDashboard, *, lang: str = "id", dimension: str = "overall") -> go.Figure:
    """First (x) against latest (y) score per participant with ≥ 2 attempts: above the diagonal improved."""
    pts = [p for p in dash.participants if p.change.get(dimension) is not None]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 100], y=[0, 100], mode="lines", line={"color": "#999999", "dash": "dash"},
                             name=label("no_change", lang), hoverinfo="skip", meta="diagonal"))
    changes = [p.change[dimension] for p in pts]
    fig.add_trace(go.Scatter(
        x=[p.first[dimension] for p in pts], y=[p.latest[dimension] for p in pts], mode="markers",
        marker={"size": 8, "color": changes, "colorscale": "RdYlGn", "cmid": 0, "opacity": 0.8,
                "line": {"width": 0.5, "color": "#333333"}},
        customdata=[[plain_html(p.name), p.attempts, c, p.person_id] for p, c in zip(pts, changes)],
        meta="participants",
        name=label("participant", lang),
        hovertemplate=("%{customdata[0]}: %{x:.0f} → %{y:.0f} (%{customdata[2]:+.0f}, %{customdata[1]} "
                       + label("attempts", lang) + ")<extra></extra>")))
    fig.update_xaxes(range=[0, 100], title_text=label("first", lang))
    fig.update_yaxes(range=[0, 100], title_text=label("latest", lang))
    fig.update_layout(height=480, template="plotly_white", showlegend=False, margin={"l": 50, "r": 10, "t": 30, "b": 50})
    return fig


def change_figure(dash: CohortDashboard, *, lang: str = "id") -> go.Figure:
    """The cohort's mean first and latest score per dimension (participants with ≥ 2 attempts)."""
    dims = [d for d in SCORE_KEYS if dash.first_mean.get(d) is not None]
    fig = go.Figure()
    for key, values, color in (("first", dash.first_mean, "#aec7e8"), ("latest", dash.latest_mean, "#1f77b4")):
        fig.add_trace(go.Bar(x=[_dim(d, lang) for d in dims], y=[values[d] for d in dims], name=label(key, lang),
                             marker_color=color, meta=key, text=[f"{values[d]:.0f}" for d in dims],
                             textposition="outside", hovertemplate="%{x}: %{y:.1f}<extra>%{fullData.name}</extra>"))
    fig.update_yaxes(range=[0, 110], title_text=label("score", lang))
    fig.update_layout(barmode="group", height=380, template="plotly_white", margin={"l": 50, "r": 10, "t": 30, "b": 40},
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0})
    return fig


def dashboard_figures(dash: CohortDashboard, *, lang: str = "id") -> dict[str, go.Figure]:
    """Every dashboard figure by name: distribution, heatmap, improvement, change."""
    return {"distribution": distribution_figure(dash, lang=lang), "heatmap": heatmap_figure(dash, lang=lang),
            "improvement": improvement_figure(dash, lang=lang), "change": change_figure(dash, lang=lang)}
