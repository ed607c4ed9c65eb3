"""The cohort dashboard: who practises, who improves, who struggles.

:func:`load_dashboard` asks the store for three aggregates (per-participant counts and means, each
participant's first and latest attempt, score histograms; all computed by the database from the
score columns) and turns them into a :class:`CohortDashboard` of plain dataclasses. Its figures are
in :mod:`coach.charts.cohort` (a dashboard in, a Plotly figure out); the app shows them,
:mod:`coach.workspace.export` prints them. Scores are effective scores: a trainer's override replaces the computed value.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..guidelines import Guidelines, load_guidelines
from ..store.cohort import HISTOGRAM_EDGES, FirstLatest, ParticipantStats
from ..store.schema import SCORE_DIMENSIONS
from ..store.types import AttemptFilter, Cohort

__all__ = ["CohortDashboard", "Outlier", "ParticipantSummary", "cohort_change", "find_outliers", "heatmap_matrix",
           "load_dashboard", "scored_dimensions", "summarise"]

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


# ---------------------------------------------------------------- the heatmap's data
def scored_dimensions(dash: CohortDashboard) -> list[str]:
    """The dimensions with at least one score in the dashboard's range, in the usual order."""
    return [d for d in SCORE_DIMENSIONS if sum(dash.histograms.get(d, ())) > 0]


def heatmap_matrix(dash: CohortDashboard, *, limit: int | None = None
                   ) -> tuple[list[str], list[str], list[list[float | None]], list[int]]:
    """``(names, dimensions, z, person_ids)``: mean scores of practised participants, weakest overall first.

    ``z[i][j]`` is participant ``i``'s mean score in dimension ``j``; dimensions never scored in
    the range are left out. ``limit`` keeps only the weakest that many participants.
    """
    dims = scored_dimensions(dash)
    rows = sorted(dash.practised, key=lambda p: (p.mean.get("overall") is None, p.mean.get("overall") or 0.0,
                                                 p.name.casefold(), p.person_id))[:limit]
    return ([p.name for p in rows], dims, [[p.mean.get(d) for d in dims] for p in rows], [p.person_id for p in rows])
