"""The cohort dashboard's queries.

Every number is aggregated by the database from the score columns (never the report JSON), so a
cohort of 600 participants × 10 attempts costs three small queries, not 6,000 parsed reports.
Scores are *effective* scores: a trainer's newest override for a dimension replaces the computed
one; cohorts without overrides skip that lookup entirely.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, literal, select, union_all
from .db import Database
from .schema import (
    SCORE_DIMENSIONS,
    AttemptRow,
    CommentRow,
    MembershipRow,
    PersonRow,
    ScoreOverrideRow,
    utc,
)
from .types import AttemptFilter

__all__ = ["HISTOGRAM_EDGES", "CohortQueries", "FirstLatest", "ParticipantStats"]

HISTOGRAM_EDGES = tuple(range(0, 101, 10))  # score bins [0,10) … [90,100]


@dataclass(frozen=True)
class ParticipantStats:
    """One participant's attempts in the filtered range, aggregated by the database."""

    person_id: int
    name: str
    attempts: int  # 0: has not practised in the range
    first_at: datetime | None  # UTC
    last_at: datetime | None
    mean: dict[str, float | None]  # SCORE_DIMENSIONS -> mean score, None where never scored


@dataclass(frozen=True)
class FirstLatest:
    """A participant's first and latest attempt in the range (the same one if there is only one)."""

    person_id: int
    first_id: int
    latest_id: int
    first: dict[str, float | None]
    latest: dict[str, float | None]


def _conditions(flt: AttemptFilter | None) -> list[Any]:
    out: list[Any] = [AttemptRow.status == "done"]  # queued, running and failed attempts have no scores yet
    if flt is None:
        return out
    if flt.exercise_id is not None:
        out.append(AttemptRow.exercise_id.is_(None) if flt.exercise_id == "" else
                   AttemptRow.exercise_id == flt.exercise_id)
    if flt.since is not None:
        out.append(AttemptRow.created_at >= utc(flt.since))
    if flt.until is not None:
        out.append(AttemptRow.created_at < utc(flt.until))
    if flt.language is not None:
        out.append(AttemptRow.language == flt.language)
    return out


def _members(cohort_id: int) -> Any:
    return select(MembershipRow.person_id).where(MembershipRow.cohort_id == cohort_id,
                                                 MembershipRow.role == "participant")


def _in_cohort(cohort_id: int) -> Any:
    # Its participants' attempts made for this cohort: not those a participant made for another one.
    return and_(AttemptRow.person_id.in_(_members(cohort_id)), AttemptRow.cohort_id == cohort_id)


def _bucket(column: Any) -> Any:
    # Portable binning: PostgreSQL rounds when casting a float to an integer, SQLite truncates.
    edges = HISTOGRAM_EDGES[1:-1]
    return case(*((column < edge, i) for i, edge in enumerate(edges)), else_=len(edges))


def _scores(cohort_id: int, flt: AttemptFilter | None, effective: bool) -> Any:
    """The cohort's attempts in range: id, person_id, created_at and one column per dimension.

    With ``effective``, each dimension is the newest override if there is one, else the computed
    score: the overrides are pivoted to one row per attempt once and joined (a correlated lookup
    per attempt and dimension was 10–100× slower on PostgreSQL).
    """
    where = [_in_cohort(cohort_id), *_conditions(flt)]
    if not effective:
        return select(AttemptRow.id, AttemptRow.person_id, AttemptRow.created_at,
                      *(getattr(AttemptRow, f"score_{d}").label(d) for d in SCORE_DIMENSIONS)).where(*where)
    ranked = (select(ScoreOverrideRow.attempt_id, ScoreOverrideRow.dimension, ScoreOverrideRow.score,
                     func.row_number().over(partition_by=(ScoreOverrideRow.attempt_id, ScoreOverrideRow.dimension),
                                            order_by=ScoreOverrideRow.id.desc()).label("rn"))
              .join(AttemptRow, AttemptRow.id == ScoreOverrideRow.attempt_id)
              .where(_in_cohort(cohort_id)).subquery("ranked_overrides"))
    newest = (select(ranked.c.attempt_id, *(func.max(case((ranked.c.dimension == d, ranked.c.score))).label(d)
                                            for d in SCORE_DIMENSIONS))
              .where(ranked.c.rn == 1).group_by(ranked.c.attempt_id).subquery("overrides"))
    return (select(AttemptRow.id, AttemptRow.person_id, AttemptRow.created_at,
                   *(func.coalesce(newest.c[d], getattr(AttemptRow, f"score_{d}")).label(d) for d in SCORE_DIMENSIONS))
            .outerjoin(newest, newest.c.attempt_id == AttemptRow.id).where(*where))


class CohortQueries:
    """Aggregates over a cohort's attempts."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def cohort_has_overrides(self, cohort_id: int) -> bool:
        """Whether any attempt of the cohort's participants has a trainer's score."""
        with self._db.session("reading a cohort") as s:
            return bool(s.scalar(select(exists().where(
                ScoreOverrideRow.attempt_id == AttemptRow.id, _in_cohort(cohort_id)))))

    def cohort_participant_stats(self, cohort_id: int, flt: AttemptFilter | None = None, *,
                                 effective: bool | None = None) -> list[ParticipantStats]:
        """Every participant of the cohort (also those with no attempt), by name, with count and means."""
        effective = self.cohort_has_overrides(cohort_id) if effective is None else effective
        scores = _scores(cohort_id, flt, effective).subquery("scores")
        query = (select(PersonRow.id, PersonRow.name, func.count(scores.c.id), func.min(scores.c.created_at),
                        func.max(scores.c.created_at), *(func.avg(scores.c[d]) for d in SCORE_DIMENSIONS))
                 .select_from(MembershipRow).join(PersonRow, PersonRow.id == MembershipRow.person_id)
                 .outerjoin(scores, scores.c.person_id == PersonRow.id)
                 .where(MembershipRow.cohort_id == cohort_id, MembershipRow.role == "participant")
                 .group_by(PersonRow.id, PersonRow.name, MembershipRow.name_key)
                 .order_by(MembershipRow.name_key, PersonRow.id))
        with self._db.session("reading a cohort's scores") as s:
            rows = s.execute(query).all()
        return [ParticipantStats(person_id=r[0], name=r[1], attempts=int(r[2]),
                                 first_at=utc(r[3]) if r[3] is not None else None,
                                 last_at=utc(r[4]) if r[4] is not None else None,
                                 mean={d: None if v is None else float(v) for d, v in zip(SCORE_DIMENSIONS, r[5:])})
                for r in rows]

    def cohort_first_latest(self, cohort_id: int, flt: AttemptFilter | None = None, *,
                            effective: bool | None = None) -> list[FirstLatest]:
        """Each participant's first and latest attempt in the range (by time, then id)."""
        effective = self.cohort_has_overrides(cohort_id) if effective is None else effective
        scores = _scores(cohort_id, flt, effective).subquery("scores")
        ranked = (select(scores,
                         func.row_number().over(partition_by=scores.c.person_id,
                                                order_by=(scores.c.created_at, scores.c.id)).label("rn_first"),
                         func.row_number().over(partition_by=scores.c.person_id,
                                                order_by=(scores.c.created_at.desc(), scores.c.id.desc()))
                         .label("rn_last")).subquery("ranked"))
        query = select(ranked).where((ranked.c.rn_first == 1) | (ranked.c.rn_last == 1))
        with self._db.session("reading a cohort's first and latest attempts") as s:
            rows = s.execute(query).mappings().all()
        first: dict[int, Any] = {}
        latest: dict[int, Any] = {}
        for r in rows:
            if r["rn_first"] == 1:
                first[r["person_id"]] = r
            if r["rn_last"] == 1:
                latest[r["person_id"]] = r
        return [FirstLatest(person_id=p, first_id=first[p]["id"], latest_id=latest[p]["id"],
                            first={d: first[p][d] for d in SCORE_DIMENSIONS},
                            latest={d: latest[p][d] for d in SCORE_DIMENSIONS}) for p in sorted(first)]

    def cohort_histograms(self, cohort_id: int, flt: AttemptFilter | None = None, *,
                          dimensions: Sequence[str] = SCORE_DIMENSIONS,
                          effective: bool | None = None) -> dict[str, list[int]]:
        """``{dimension: counts per bin of HISTOGRAM_EDGES}`` over every attempt in the range."""
        effective = self.cohort_has_overrides(cohort_id) if effective is None else effective
        scores = _scores(cohort_id, flt, effective).cte("scores")
        parts = []
        for d in dimensions:
            bucket = _bucket(scores.c[d]).label("bucket")
            parts.append(select(literal(d).label("dim"), bucket, func.count().label("n"))
                         .where(scores.c[d].is_not(None)).group_by(bucket))
        out = {d: [0] * (len(HISTOGRAM_EDGES) - 1) for d in dimensions}
        if not parts:
            return out
        with self._db.session("reading a cohort's score distribution") as s:
            for dim, bucket, n in s.execute(union_all(*parts)):
                out[dim][int(bucket)] += int(n)
        return out

    def cohort_filter_options(self, cohort_id: int) -> dict[str, Any]:
        """What the dashboard's filters can offer: exercises, languages, first and last attempt time."""
        where = and_(_in_cohort(cohort_id), AttemptRow.status == "done")
        with self._db.session("reading a cohort's filters") as s:
            exercises = sorted({e for e in s.scalars(select(AttemptRow.exercise_id).distinct().where(where))},
                               key=lambda e: (e is not None, e or ""))
            languages = sorted(s.scalars(select(AttemptRow.language).distinct().where(where)))
            first, last = s.execute(select(func.min(AttemptRow.created_at), func.max(AttemptRow.created_at))
                                    .where(where)).one()
        return {"exercise_ids": exercises, "languages": languages,
                "first_at": utc(first) if first else None, "last_at": utc(last) if last else None}

    def iter_cohort_attempts(self, cohort_id: int, flt: AttemptFilter | None = None) -> Iterator[dict[str, Any]]:
        """One plain row per attempt of the cohort's participants (for the CSV export), oldest first.

        Keys: attempt_id, created_at, person_id, name, exercise_id, exercise_version, language,
        duration_s, analysis_version, review_state, comment_count, ``score_<dim>`` (computed) and
        ``override_<dim>`` (the trainer's newest, or None).
        """
        comments = (select(func.count()).where(CommentRow.attempt_id == AttemptRow.id)
                    .correlate(AttemptRow).scalar_subquery())
        overridden = {d: (select(ScoreOverrideRow.score).where(ScoreOverrideRow.attempt_id == AttemptRow.id,
                                                               ScoreOverrideRow.dimension == d)
                          .order_by(ScoreOverrideRow.id.desc()).limit(1).correlate(AttemptRow).scalar_subquery())
                      for d in SCORE_DIMENSIONS}
        with_overrides = self.cohort_has_overrides(cohort_id)
        query = (select(AttemptRow.id.label("attempt_id"), AttemptRow.created_at, AttemptRow.person_id,
                        PersonRow.name, AttemptRow.exercise_id, AttemptRow.exercise_version, AttemptRow.language,
                        AttemptRow.duration_s, AttemptRow.analysis_version, AttemptRow.review_state,
                        comments.label("comment_count"),
                        *(getattr(AttemptRow, f"score_{d}").label(f"score_{d}") for d in SCORE_DIMENSIONS),
                        *((overridden[d] if with_overrides else literal(None)).label(f"override_{d}")
                          for d in SCORE_DIMENSIONS))
                 .join(PersonRow, PersonRow.id == AttemptRow.person_id)
                 .where(_in_cohort(cohort_id), *_conditions(flt))
                 .order_by(AttemptRow.created_at, AttemptRow.id))
        with self._db.session("exporting a cohort") as s:
            for row in s.execute(query).mappings():
                yield {**row, "created_at": utc(row["created_at"])}
