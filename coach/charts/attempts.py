"""Plotly figures for the app: one report's timeline, and an attempt history's trends.

Pure functions: a :class:`coach.report.pipeline.SessionReport` (or its stored JSON) or a list of attempt
summaries in, a :class:`plotly.graph_objects.Figure` out. No Streamlit here, so they are tested
alone and could be exported (kaleido) for a PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..analysis.pace import PaceWindow
from ..i18n import t
from ..localtime import show
from ..report.pipeline import SessionReport, as_report
from ..report.dimensions import DIMENSIONS, OVERALL, OVERALL_COLOR, SCORE_KEYS
from ..safe_text import plain_html

__all__ = ["COLORS", "progress_figure", "timeline_figure"]

COLORS = {
    "pace": "#1f77b4",
    "pace_out": "#d62728",
    "band": "rgba(44, 160, 44, 0.12)",
    "pitch": "#9467bd",
    "loudness": "#7f7f7f",
    "filler": "#ff7f0e",
    "long_pause": "#17becf",
    "monotone": "#8c564b",
}
_DIM_COLORS = {OVERALL: OVERALL_COLOR, **{d.key: d.color for d in DIMENSIONS}}


def _field(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _clock(seconds: float) -> str:
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m)}:{s:04.1f}"


def _window_wpm(window: PaceWindow) -> float:
    """The words per minute a pace window was judged on (the signal's estimate when pace rests on it)."""
    judged = window.verdict_words_per_minute
    return float(judged if judged is not None else window.words_per_minute)


def timeline_figure(report: SessionReport | Mapping[str, Any], *, lang: str = "id", height_px: int = 520
                    ) -> go.Figure:
    """The recording on one time axis: pace per window, pitch, loudness, and markers.

    Rows (shared x in seconds): pace in words/min per window with the target band shaded and
    filler markers on top; pitch in Hz (gaps where unvoiced) with monotone stretches drawn over it;
    loudness in dBFS. Long pauses are shaded across all rows and listed in their own trace.
    Trace names are translated; every marker trace carries ``meta`` = its kind
    ("pace", "pitch", "loudness", "filler", "long_pause", "monotone") for tests and callbacks.
    """
    report = as_report(report)
    duration_s = report.duration_s
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.4, 0.32, 0.28])
    windows = report.pace.windows
    band = report.pace.band_wpm or None
    if band and duration_s:
        fig.add_trace(go.Scatter(
            x=[0, duration_s, duration_s, 0, 0], y=[band[0], band[0], band[1], band[1], band[0]],
            fill="toself", fillcolor=COLORS["band"], line={"width": 0}, mode="lines", hoverinfo="skip",
            name=f"{t('chart_band', lang)} {band[0]:.0f}–{band[1]:.0f}", meta="band",
        ), row=1, col=1)
    xs: list[float | None] = []
    ys: list[float | None] = []
    texts: list[str | None] = []
    for w in windows:
        label = f"{_clock(w.start)}–{_clock(w.end)}: {_window_wpm(w):.0f} {t('words_per_minute', lang)}"
        xs += [w.start, w.end, None]
        ys += [_window_wpm(w), _window_wpm(w), None]
        texts += [label, label, None]
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="lines", line={"color": COLORS["pace"], "width": 4}, name=t("chart_pace", lang),
        text=texts, hoverinfo="text", connectgaps=False, meta="pace",
    ), row=1, col=1)
    pace_top = max([_window_wpm(w) for w in windows] + ([band[1]] if band else []) + [1.0])

    fillers = report.fillers.events
    fig.add_trace(go.Scatter(
        x=[f.start for f in fillers], y=[pace_top * 1.12] * len(fillers), mode="markers",
        marker={"symbol": "triangle-down", "size": 12, "color": COLORS["filler"]},
        text=[f"{_clock(f.start)} “{plain_html(f.text)}”" for f in fillers], hoverinfo="text",
        name=t("chart_fillers", lang), meta="filler",
    ), row=1, col=1)

    pitch = report.prosody.pitch_track
    fig.add_trace(go.Scatter(
        x=[p[0] for p in pitch], y=[p[1] for p in pitch], mode="lines", connectgaps=False,
        line={"color": COLORS["pitch"], "width": 1.5}, name=t("chart_pitch", lang), meta="pitch",
        hovertemplate="%{x:.1f} s: %{y:.0f} Hz<extra></extra>",
    ), row=2, col=1)
    voiced = [p[1] for p in pitch if p[1] is not None]
    mono_y = (min(voiced) * 0.9) if voiced else 80.0
    stretches = report.prosody.monotone_stretches
    mx: list[float | None] = []
    my: list[float | None] = []
    mt: list[str | None] = []
    for s in stretches:
        label = f"{_clock(s.start)}–{_clock(s.end)} {t('kind_monotone', lang)} {plain_html(s.label)}".strip()
        mx += [s.start, s.end, None]
        my += [mono_y, mono_y, None]
        mt += [label, label, None]
    fig.add_trace(go.Scatter(
        x=mx, y=my, mode="lines+markers", line={"color": COLORS["monotone"], "width": 6},
        marker={"size": 6}, text=mt, hoverinfo="text", name=t("chart_monotone", lang), meta="monotone",
    ), row=2, col=1)

    loud = report.prosody.loudness_track
    fig.add_trace(go.Scatter(
        x=[p[0] for p in loud], y=[p[1] for p in loud], mode="lines", line={"color": COLORS["loudness"], "width": 1},
        name=t("chart_loudness", lang), meta="loudness", hovertemplate="%{x:.1f} s: %{y:.0f} dBFS<extra></extra>",
    ), row=3, col=1)

    long_pauses = [p for p in report.pauses.events if p.long]
    for p in long_pauses:
        fig.add_vrect(x0=p.start, x1=p.end, fillcolor=COLORS["long_pause"], opacity=0.25, line_width=0,
                      row="all", col=1)
    fig.add_trace(go.Scatter(
        x=[(p.start + p.end) / 2 for p in long_pauses], y=[pace_top * 1.12] * len(long_pauses),
        mode="markers", marker={"symbol": "square", "size": 11, "color": COLORS["long_pause"]},
        text=[f"{_clock(p.start)} {t('kind_long_pause', lang)} {p.duration_s:.1f} s" for p in long_pauses],
        hoverinfo="text",
        name=t("chart_long_pauses", lang), meta="long_pause",
    ), row=1, col=1)

    fig.update_yaxes(title_text=t("chart_pace", lang), range=[0, pace_top * 1.25], row=1, col=1)
    fig.update_yaxes(title_text=t("chart_pitch", lang), row=2, col=1)
    fig.update_yaxes(title_text=t("chart_loudness", lang), row=3, col=1)
    fig.update_xaxes(title_text=t("chart_time", lang), range=[0, max(duration_s, 1.0)], row=3, col=1)
    fig.update_yaxes(title_font={"size": 11})
    fig.update_layout(
        # The top margin leaves room for Plotly's tool bar, which a phone always shows over the plot.
        height=height_px, margin={"l": 50, "r": 10, "t": 32, "b": 40}, hovermode="closest",
        legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0, "font": {"size": 11}},
        template="plotly_white",
    )
    return fig


def _score(summary: Any, dim: str) -> float | None:
    scores = _field(summary, "scores") or {}
    value = scores.get(dim)
    return float(value) if value is not None else None


def progress_figure(attempts: Sequence[Any], *, lang: str = "id", dimensions: Sequence[str] = SCORE_KEYS,
                    height_px: int = 420, tz: tzinfo | None = None) -> go.Figure:
    """One line per dimension: the score of each attempt, oldest first.

    ``attempts`` are attempt summaries (objects or dicts with ``id``, ``created_at`` and ``scores``).
    The x axis is the attempt's number (1, 2, …) so attempts on one day stay apart; the hover shows
    the date and time, in ``tz`` when given (with the zone's name, e.g. WIB). Dimensions never scored (e.g. timing without a target) get no trace. The overall line
    is drawn thicker; each trace's ``meta`` is its dimension key.
    """
    fig = go.Figure()
    numbers = list(range(1, len(attempts) + 1))
    dates = [show(c, tz) if tz is not None and isinstance(c := _field(a, "created_at"), datetime)
             else str(_field(a, "created_at", ""))[:16] for a in attempts]
    for dim in dimensions:
        ys = [_score(a, dim) for a in attempts]
        if all(y is None for y in ys):
            continue
        fig.add_trace(go.Scatter(
            x=numbers, y=ys, mode="lines+markers", connectgaps=True, name=t(f"dim_{dim}", lang), meta=dim,
            line={"color": _DIM_COLORS.get(dim), "width": 4 if dim == "overall" else 2},
            customdata=dates, hovertemplate="#%{x} · %{customdata}: %{y:.0f}<extra>%{fullData.name}</extra>",
        ))
    fig.update_layout(
        height=height_px, margin={"l": 40, "r": 10, "t": 32, "b": 40}, template="plotly_white",
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "font": {"size": 11}},
        hovermode="closest",
    )
    fig.update_yaxes(title_text=t("chart_score", lang), range=[0, 105])
    fig.update_xaxes(title_text=t("chart_attempt", lang), tickmode="linear", dtick=1)
    return fig
