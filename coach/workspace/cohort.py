"""The cohort dashboard: who practises, who improves, who struggles.

:func:`load_dashboard` asks the store for three aggregates (per-participant counts and means, each
participant's first and latest attempt, score histograms; all computed by the database from the
score columns) and turns them into a :class:`CohortDashboard` of plain dataclasses. The figure
functions are pure: a dashboard in, a Plotly figure out; the app shows them, :mod:`coach.workspace.export`
prints them. Scores are effective scores: a trainer's override replaces the computed value.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..guidelines import Guidelines, load_guidelines
from ..i18n import t
from ..safe_text import plain_html
from ..store.cohort import HISTOGRAM_EDGES, FirstLatest, ParticipantStats
from ..store.schema import SCORE_DIMENSIONS
from ..store.types import AttemptFilter, Cohort

__all__ = ["CohortDashboard", "Outlier", "ParticipantSummary", "change_figure", "cohort_change",
           "dashboard_figures", "distribution_figure", "find_outliers", "heatmap_figure", "heatmap_matrix",
           "improvement_figure", "label", "load_dashboard", "summarise"]

_LABELS = {
    "id": {"participant": "Peserta", "score": "Skor", "count": "Jumlah percobaan", "first": "Percobaan pertama",
           "latest": "Percobaan terakhir", "no_change": "Tidak berubah", "dimension": "Dimensi",
           "distribution": "Sebaran skor per dimensi", "heatmap": "Rata-rata skor: peserta × dimensi",
           "improvement": "Pertama vs terakhir (keseluruhan), satu titik per peserta",
           "change": "Rata-rata kelompok: pertama vs terakhir", "attempts": "percobaan"},
    "en": {"participant": "Participant", "score": "Score", "count": "Attempts", "first": "First attempt",
           "latest": "Latest attempt", "no_change": "No change", "dimension": "Dimension",
           "distribution": "Score distribution per dimension", "heatmap": "Mean score: participant × dimension",
           "improvement": "First vs latest (overall), one dot per participant",
           "change": "Cohort mean: first vs latest", "attempts": "attempts"},
}


def label(key: str, lang: str = "id") -> str:
    """A dashboard label in ``lang`` (falls back to Indonesian, then to the key)."""
    return _LABELS.get(lang, _LABELS["id"]).get(key) or _LABELS["id"].get(key, key)


def _dim(dim: str, lang: str) -> str:
    return t(f"dim_{dim}", lang)


@dataclass(frozen=True)
class ParticipantSummary:
    """One participant in the filtered range."""

    person_id: int
    name: str
    attempts: int  # 0: has not practised
    first_at: datetime | None
    last_at: datetime | None
    mean: dict[str, float | None]  # SCORE_DIMENSIONS -> mean effective score
    first: dict[str, float | None] | None = None  # scores of the first attempt (None: no attempt)
    latest: dict[str, float | None] | None = None
    change: dict[str, float | None] = field(default_factory=dict)  # latest − first; None below 2 attempts


@dataclass(frozen=True)
class Outlier:
    person_id: int
    name: str
    kind: str  # "level" (mean overall) or "change" (first → latest overall)
    value: float
    z: float  # standard deviations from the cohort's mean; negative: below


@dataclass(frozen=True)
class CohortDashboard:
    cohort: Cohort
    filter: AttemptFilter
    participants: tuple[ParticipantSummary, ...]  # every participant, by name
    histograms: dict[str, list[int]]  # dimension -> attempts per bin of bin_edges
    bin_edges: tuple[int, ...]
    outliers: tuple[Outlier, ...]
    first_mean: dict[str, float | None]  # over participants with ≥ 2 attempts
    latest_mean: dict[str, float | None]
    change_mean: dict[str, float | None]

    @property
    def practised(self) -> tuple[ParticipantSummary, ...]:
        return tuple(p for p in self.participants if p.attempts > 0)

    @property
    def not_practised(self) -> tuple[ParticipantSummary, ...]:
        return tuple(p for p in self.participants if p.attempts == 0)

    @property
    def attempt_count(self) -> int:
        return sum(p.attempts for p in self.participants)


def summarise(stats: Sequence[ParticipantStats], first_latest: Sequence[FirstLatest]) -> list[ParticipantSummary]:
    """Join per-participant aggregates with first/latest scores; change is latest − first per dimension."""
    ends = {f.person_id: f for f in first_latest}
    out = []
    for s in stats:
        fl = ends.get(s.person_id)
        change: dict[str, float | None] = {}
        if fl is not None and s.attempts >= 2:
            change = {d: (fl.latest[d] - fl.first[d]) if fl.latest[d] is not None and fl.first[d] is not None
                      else None for d in SCORE_DIMENSIONS}
        out.append(ParticipantSummary(person_id=s.person_id, name=s.name, attempts=s.attempts, first_at=s.first_at,
                                      last_at=s.last_at, mean=dict(s.mean), first=fl.first if fl else None,
                                      latest=fl.latest if fl else None, change=change))
    return out


def cohort_change(participants: Sequence[ParticipantSummary]) -> tuple[dict, dict, dict]:
    """``(first, latest, change)`` means per dimension over participants with at least two attempts."""
    first: dict[str, float | None] = {}
    latest: dict[str, float | None] = {}
    change: dict[str, float | None] = {}
    for d in SCORE_DIMENSIONS:
        pairs = [(p.first[d], p.latest[d]) for p in participants if p.change.get(d) is not None
                 and p.first is not None and p.latest is not None]
        first[d] = statistics.fmean(a for a, _ in pairs) if pairs else None
        latest[d] = statistics.fmean(b for _, b in pairs) if pairs else None
        change[d] = statistics.fmean(b - a for a, b in pairs) if pairs else None
    return first, latest, change


def find_outliers(participants: Sequence[ParticipantSummary], *, z_min: float, min_count: int) -> list[Outlier]:
    """Participants whose mean overall score, or its change, is ``z_min`` SDs or more from the cohort's."""
    out: list[Outlier] = []
    for kind, values in (
        ("level", [(p, p.mean.get("overall")) for p in participants if p.attempts > 0]),
        ("change", [(p, p.change.get("overall")) for p in participants if p.change.get("overall") is not None]),
    ):
        known = [(p, v) for p, v in values if v is not None]
        if len(known) < max(min_count, 2):
            continue
        mean = statistics.fmean(v for _, v in known)
        sd = statistics.pstdev([v for _, v in known])
        if sd <= 0:
            continue
        out += [Outlier(p.person_id, p.name, kind, v, (v - mean) / sd) for p, v in known if abs(v - mean) / sd >= z_min]
    return sorted(out, key=lambda o: (o.kind, o.z))


def load_dashboard(store, cohort: Cohort, flt: AttemptFilter | None = None, *,
                   guidelines: Guidelines | None = None) -> CohortDashboard:
    """Query the store (three aggregates) and build the dashboard's data for one cohort."""
    flt = flt or AttemptFilter()
    guidelines = guidelines or load_guidelines()
    effective = store.cohort_has_overrides(cohort.id)
    participants = summarise(store.cohort_participant_stats(cohort.id, flt, effective=effective),
                             store.cohort_first_latest(cohort.id, flt, effective=effective))
    first, latest, change = cohort_change(participants)
    return CohortDashboard(
        cohort=cohort, filter=flt, participants=tuple(participants),
        histograms=store.cohort_histograms(cohort.id, flt, effective=effective), bin_edges=HISTOGRAM_EDGES,
        outliers=tuple(find_outliers(participants, z_min=float(guidelines.value("cohort.outlier_z")),
                                     min_count=int(guidelines.value("cohort.min_for_outliers")))),
        first_mean=first, latest_mean=latest, change_mean=change)


# ---------------------------------------------------------------- figures
def _scored_dimensions(dash: CohortDashboard) -> list[str]:
    return [d for d in SCORE_DIMENSIONS if sum(dash.histograms.get(d, ())) > 0]


def heatmap_matrix(dash: CohortDashboard, *, limit: int | None = None
                   ) -> tuple[list[str], list[str], list[list[float | None]], list[int]]:
    """``(names, dimensions, z, person_ids)``: mean scores of practised participants, weakest overall first.

    ``z[i][j]`` is participant ``i``'s mean score in dimension ``j``; dimensions never scored in
    the range are left out. ``limit`` keeps only the weakest that many participants.
    """
    dims = _scored_dimensions(dash)
    rows = sorted(dash.practised, key=lambda p: (p.mean.get("overall") is None, p.mean.get("overall") or 0.0,
                                                 p.name.casefold(), p.person_id))[:limit]
    return ([p.name for p in rows], dims, [[p.mean.get(d) for d in dims] for p in rows], [p.person_id for p in rows])


def heatmap_figure(dash: CohortDashboard, *, lang: str = "id", limit: int | None = None) -> go.Figure:
    """Participants (rows, weakest overall on top; ``limit``: only the weakest) × dimensions, by mean score."""
    names, dims, z, ids = heatmap_matrix(dash, limit=limit)
    names = [plain_html(n) for n in names]  # Plotly renders <a href> and friends in labels: names stay text
    n = len(names)
    fig = go.Figure(go.Heatmap(
        z=z, x=[_dim(d, lang) for d in dims], y=list(range(n)), zmin=0, zmax=100, colorscale="RdYlGn",
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
    dims = _scored_dimensions(dash) or ["overall"]
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
    dims = [d for d in SCORE_DIMENSIONS if dash.first_mean.get(d) is not None]
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
