"""Store methods for review and assignments (mixed into :class:`coach.store.database.Store`).

Review: every attempt starts "pending"; a trainer comments (optionally at a moment of the
recording), may override a dimension's score with a reason, and marks it "reviewed". Overrides are
kept as history: the newest per dimension counts, and the computed score in ``attempts`` is never
changed. Assignments: an exercise a cohort should do by a date; a participant has done it once
they have an attempt at that exercise made after it was assigned.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from ..errors import StoreError
from ..analysis.scores import overall_score
from .schema import (
    REVIEW_STATES,
    SCORE_DIMENSIONS,
    AssignmentRow,
    AttemptRow,
    CohortRow,
    CommentRow,
    MembershipRow,
    PersonRow,
    ScoreOverrideRow,
    utc,
)
from .types import (
    Assignment,
    AssignmentStatus,
    AttemptSummary,
    Comment,
    Feedback,
    Override,
    QueueItem,
    summary_fields,
)

__all__ = ["ReviewMixin"]

_SUMMARY_COLUMNS = (AttemptRow.id, AttemptRow.person_id, AttemptRow.created_at, AttemptRow.language,
                    AttemptRow.exercise_id, AttemptRow.duration_s,
                    *(getattr(AttemptRow, f"score_{d}") for d in SCORE_DIMENSIONS))


def _assignment(row: AssignmentRow) -> Assignment:
    return Assignment(id=row.id, cohort_id=row.cohort_id, exercise_id=row.exercise_id, due_at=utc(row.due_at),
                      note=row.note, author_id=row.author_id, created_at=utc(row.created_at))


def _participants_of(cohort_ids: Iterable[int] | None) -> Any:
    query = select(MembershipRow.person_id).where(MembershipRow.role == "participant")
    if cohort_ids is not None:
        query = query.where(MembershipRow.cohort_id.in_(list(cohort_ids)))
    return query


def _made_for(cohort_ids: list[int] | None) -> list[Any]:
    # Only attempts made for these cohorts: never a participant's practice for another cohort.
    return [] if cohort_ids is None else [AttemptRow.cohort_id.in_(cohort_ids)]


class ReviewMixin:
    """Review queue, score overrides, feedback and assignments. Relies on ``Store._session``."""

    _session: Callable[[str], AbstractContextManager[Session]]

    # ------------------------------------------------------------------ access facts
    def attempt_access(self, attempt_id: int) -> tuple[int, frozenset[int]]:
        """``(owner's person id, {the cohort it was made for}, or none)``: what :func:`coach.workspace.auth.authorize`
        needs. An attempt made for no cohort (a trainer's own practice) is its owner's alone."""
        with self._session("reading an attempt") as s:
            found = s.execute(select(AttemptRow.person_id, AttemptRow.cohort_id)
                              .where(AttemptRow.id == attempt_id)).first()
            if found is None:
                raise StoreError(f"No attempt with id {attempt_id}: it may have been deleted.")
            owner, cohort = found
            return owner, frozenset() if cohort is None else frozenset({cohort})

    # ------------------------------------------------------------------ review queue
    def review_queue(self, cohort_ids: Iterable[int] | None, *, state: str = "pending", limit: int = 50,
                     offset: int = 0) -> list[QueueItem]:
        """Attempts in ``state`` by participants of those cohorts (None: all), oldest first."""
        if state not in REVIEW_STATES:
            raise StoreError(f"Unknown review state {state!r}: expected one of {', '.join(REVIEW_STATES)}.")
        ids = None if cohort_ids is None else list(cohort_ids)
        if ids == []:
            return []
        comments = (select(func.count()).where(CommentRow.attempt_id == AttemptRow.id)
                    .correlate(AttemptRow).scalar_subquery())
        query = (select(AttemptRow, PersonRow.name, comments).join(PersonRow, PersonRow.id == AttemptRow.person_id)
                 .where(AttemptRow.review_state == state, AttemptRow.status == "done",
                        AttemptRow.person_id.in_(_participants_of(ids)), *_made_for(ids))
                 .options(load_only(*_SUMMARY_COLUMNS))
                 .order_by(AttemptRow.created_at, AttemptRow.id).limit(limit).offset(offset))
        with self._session("reading the review queue") as s:
            rows = s.execute(query).all()
            people = {r[0].person_id for r in rows}
            code_query = (select(MembershipRow.person_id, CohortRow.code).join(CohortRow)
                          .where(MembershipRow.person_id.in_(people)).order_by(CohortRow.code))
            if ids is not None:
                code_query = code_query.where(MembershipRow.cohort_id.in_(ids))
            codes: dict[int, str] = {}
            for person_id, code in s.execute(code_query):
                codes.setdefault(person_id, code)
            return [QueueItem(attempt=AttemptSummary(**summary_fields(row)), person_name=name,
                              cohort_code=codes.get(row.person_id, ""), comment_count=int(count))
                    for row, name, count in rows]

    def count_review_queue(self, cohort_ids: Iterable[int] | None, *, state: str = "pending") -> int:
        """How many attempts of those cohorts' participants are in ``state``."""
        ids = None if cohort_ids is None else list(cohort_ids)
        if ids == []:
            return 0
        with self._session("counting the review queue") as s:
            return int(s.scalar(select(func.count()).select_from(AttemptRow).where(
                AttemptRow.review_state == state, AttemptRow.status == "done",
                AttemptRow.person_id.in_(_participants_of(ids)), *_made_for(ids))) or 0)

    def set_review_state(self, attempt_id: int, state: str, *, reviewer_id: int | None = None) -> None:
        """Mark an attempt "reviewed" (by ``reviewer_id``, now) or back to "pending"."""
        if state not in REVIEW_STATES:
            raise StoreError(f"Unknown review state {state!r}: expected one of {', '.join(REVIEW_STATES)}.")
        with self._session("saving the review state") as s:
            if (row := s.get(AttemptRow, attempt_id)) is None:
                raise StoreError(f"No attempt with id {attempt_id}: it may have been deleted.")
            row.review_state = state
            row.reviewed_at = datetime.now(UTC) if state == "reviewed" else None
            row.reviewed_by = reviewer_id if state == "reviewed" else None
            s.commit()

    # ------------------------------------------------------------------ overrides
    def override_score(self, attempt_id: int, *, dimension: str, score: float, reason: str, author_id: int) -> int:
        """Record a trainer's score for one dimension (0–100) with a reason; returns its id."""
        if dimension not in SCORE_DIMENSIONS:
            raise StoreError(f"Unknown dimension {dimension!r}: expected one of {', '.join(SCORE_DIMENSIONS)}.")
        try:
            value = float(score)
        except (TypeError, ValueError) as e:
            raise StoreError(f"A score must be a number from 0 to 100 (got {score!r}).") from e
        if not (math.isfinite(value) and 0.0 <= value <= 100.0):
            raise StoreError(f"A score must be a number from 0 to 100 (got {score!r}).")
        why = str(reason).strip()
        if not why:
            raise StoreError("Say why the score changes: the participant sees the reason.")
        with self._session("saving a score override") as s:
            if s.get(AttemptRow, attempt_id) is None:
                raise StoreError(f"No attempt with id {attempt_id}: it may have been deleted.")
            if s.get(PersonRow, author_id) is None:
                raise StoreError(f"No person with id {author_id} to sign the override.")
            row = ScoreOverrideRow(attempt_id=attempt_id, dimension=dimension, score=value, reason=why,
                                   author_id=author_id)
            s.add(row)
            s.commit()
            return row.id

    def overrides(self, attempt_id: int, *, newest_only: bool = False) -> list[Override]:
        """An attempt's score overrides, oldest first (or only the newest per dimension)."""
        with self._session("reading score overrides") as s:
            attempt = s.get(AttemptRow, attempt_id)
            rows = s.execute(select(ScoreOverrideRow, PersonRow.name)
                             .join(PersonRow, PersonRow.id == ScoreOverrideRow.author_id)
                             .where(ScoreOverrideRow.attempt_id == attempt_id)
                             .order_by(ScoreOverrideRow.id)).all()
            out = [Override(id=r.id, attempt_id=r.attempt_id, dimension=r.dimension, score=r.score,
                            computed=getattr(attempt, f"score_{r.dimension}", None) if attempt else None,
                            reason=r.reason, author_id=r.author_id, author_name=name, created_at=utc(r.created_at))
                   for r, name in rows]
        if newest_only:
            newest = {o.dimension: o for o in out}
            out = [o for o in out if newest[o.dimension] is o]
        return out

    def feedback(self, attempt_id: int) -> Feedback:
        """The trainer's feedback on an attempt, as its participant sees it."""
        with self._session("reading feedback") as s:
            if (row := s.get(AttemptRow, attempt_id)) is None:
                raise StoreError(f"No attempt with id {attempt_id}: it may have been deleted.")
            state, reviewed_at = row.review_state, row.reviewed_at
            # the report's scores beyond the columns too (a doorstop answer's "interview"): the overall counts them
            saved = (row.report or {}).get("scores") or {}
            scores = {**{d: v for d, v in saved.items() if d not in SCORE_DIMENSIONS},
                      **{d: getattr(row, f"score_{d}") for d in SCORE_DIMENSIONS}}
            weights = (row.report or {}).get("weights")
        newest = self.overrides(attempt_id, newest_only=True)
        scores.update({o.dimension: o.score for o in newest})
        if newest and "overall" not in {o.dimension for o in newest}:
            # The overall follows the trainer's scores (the computed one stays on the attempt).
            if not weights:  # a report saved before its weights were: the guidelines' default
                from ..guidelines import load_guidelines

                weights = dict(load_guidelines().value("scoring.weights"))
            overall = overall_score(scores, weights)
            scores["overall"] = None if overall is None else round(overall, 1)
        comments: list[Comment] = self.comments(attempt_id)  # type: ignore[attr-defined]
        return Feedback(attempt_id=attempt_id, review_state=state,
                        reviewed_at=None if reviewed_at is None else utc(reviewed_at),
                        comments=tuple(comments), overrides=tuple(newest), scores=scores)

    # ------------------------------------------------------------------ assignments
    def add_assignment(self, cohort_id: int, exercise_id: str, *, due_at: datetime, author_id: int | None,
                       note: str = "") -> Assignment:
        """Ask a cohort to do an exercise by ``due_at`` (aware, or taken as UTC)."""
        exercise = str(exercise_id).strip()
        if not exercise:
            raise StoreError("Pick an exercise to assign.")
        with self._session("saving an assignment") as s:
            if s.get(CohortRow, cohort_id) is None:
                raise StoreError(f"No cohort with id {cohort_id}.")
            row = AssignmentRow(cohort_id=cohort_id, exercise_id=exercise, due_at=utc(due_at),
                                note=str(note).strip(), author_id=author_id)
            s.add(row)
            s.commit()
            return _assignment(row)

    def get_assignment(self, assignment_id: int) -> Assignment:
        with self._session("reading an assignment") as s:
            if (row := s.get(AssignmentRow, assignment_id)) is None:
                raise StoreError(f"No assignment with id {assignment_id}: it may have been deleted.")
            return _assignment(row)

    def assignments(self, cohort_id: int) -> list[Assignment]:
        """A cohort's assignments, soonest due first."""
        with self._session("listing assignments") as s:
            return [_assignment(r) for r in s.scalars(select(AssignmentRow).where(AssignmentRow.cohort_id == cohort_id)
                                                      .order_by(AssignmentRow.due_at, AssignmentRow.id))]

    def delete_assignment(self, assignment_id: int) -> None:
        with self._session("deleting an assignment") as s:
            if (row := s.get(AssignmentRow, assignment_id)) is not None:
                s.delete(row)
                s.commit()

    def due_for(self, person_id: int, *, now: datetime | None = None) -> list[AssignmentStatus]:
        """Every assignment of the person's cohorts, soonest due first, with whether it is done."""
        now = utc(now or datetime.now(UTC))
        with self._session("listing what is due") as s:
            rows = s.execute(select(AssignmentRow, CohortRow.code).join(CohortRow)
                             .join(MembershipRow, MembershipRow.cohort_id == AssignmentRow.cohort_id)
                             .where(MembershipRow.person_id == person_id)
                             .order_by(AssignmentRow.due_at, AssignmentRow.id)).all()
            exercises = {r.exercise_id for r, _ in rows}
            attempts = s.execute(select(AttemptRow.id, AttemptRow.exercise_id, AttemptRow.created_at).where(
                AttemptRow.person_id == person_id, AttemptRow.exercise_id.in_(exercises),
                AttemptRow.status == "done")).all() if rows else []
        out = []
        for row, code in rows:
            a = _assignment(row)
            done_ids = tuple(i for i, ex, at in attempts if ex == a.exercise_id and utc(at) >= a.created_at)
            out.append(AssignmentStatus(assignment=a, cohort_code=code, done=bool(done_ids),
                                        overdue=not done_ids and a.due_at < now, attempt_ids=done_ids))
        return out

    def assignment_completion(self, assignment_id: int) -> tuple[list[int], list[int]]:
        """``(participants who did it, those who have not)``, as person ids of the cohort's participants."""
        a = self.get_assignment(assignment_id)
        with self._session("reading an assignment's progress") as s:
            members = list(s.scalars(select(MembershipRow.person_id).where(
                MembershipRow.cohort_id == a.cohort_id, MembershipRow.role == "participant")
                .order_by(MembershipRow.name_key)))
            done = set(s.scalars(select(AttemptRow.person_id).distinct().where(
                AttemptRow.person_id.in_(members), AttemptRow.exercise_id == a.exercise_id,
                AttemptRow.created_at >= a.created_at, AttemptRow.status == "done")))
        return [p for p in members if p in done], [p for p in members if p not in done]
