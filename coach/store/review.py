"""Review: every attempt starts "pending"; a trainer comments (optionally at a moment of the
recording; its author may change the text or delete it), may override a dimension's score with a reason, and marks it "reviewed". Overrides are
kept as history: the newest per dimension counts, and the computed score in ``attempts`` is never
changed. What a participant sees of it is :meth:`ReviewRepository.feedback`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import load_only

from ..analysis.scores import overall_score
from ..errors import StoreError
from .db import Database, not_found, required
from .schema import (
    REVIEW_STATES,
    SCORE_DIMENSIONS,
    AttemptRow,
    CohortRow,
    CommentRow,
    MembershipRow,
    PersonRow,
    ScoreOverrideRow,
    utc,
)
from .types import AttemptSummary, Comment, Feedback, Override, QueueItem, summary_fields

__all__ = ["ReviewRepository", "participants_of"]

_SUMMARY_COLUMNS = (AttemptRow.id, AttemptRow.person_id, AttemptRow.created_at, AttemptRow.language,
                    AttemptRow.exercise_id, AttemptRow.duration_s,
                    *(getattr(AttemptRow, f"score_{d}") for d in SCORE_DIMENSIONS))


def participants_of(cohort_ids: Iterable[int] | None) -> Any:
    query = select(MembershipRow.person_id).where(MembershipRow.role == "participant")
    if cohort_ids is not None:
        query = query.where(MembershipRow.cohort_id.in_(list(cohort_ids)))
    return query


def _made_for(cohort_ids: list[int] | None, leave_out: Iterable[int] = ()) -> list[Any]:
    # Only attempts made for these cohorts: never a participant's practice for another cohort. With every
    # cohort (None), those made for ``leave_out`` are left out (an attempt made for no cohort stays).
    if cohort_ids is not None:
        return [AttemptRow.cohort_id.in_(cohort_ids)]
    left_out = list(leave_out)
    return [or_(AttemptRow.cohort_id.is_(None), AttemptRow.cohort_id.notin_(left_out))] if left_out else []


class ReviewRepository:
    """Review queue, comments, score overrides and the feedback they make."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ review queue
    def review_queue(self, cohort_ids: Iterable[int] | None, *, state: str = "pending", limit: int = 50,
                     offset: int = 0, leave_out: Iterable[int] = ()) -> list[QueueItem]:
        """Attempts in ``state`` by participants of those cohorts (None: all but those made for the cohorts
        in ``leave_out``), oldest first."""
        if state not in REVIEW_STATES:
            raise StoreError(f"Unknown review state {state!r}: expected one of {', '.join(REVIEW_STATES)}.")
        ids = None if cohort_ids is None else list(cohort_ids)
        if ids == []:
            return []
        comments = (select(func.count()).where(CommentRow.attempt_id == AttemptRow.id)
                    .correlate(AttemptRow).scalar_subquery())
        query = (select(AttemptRow, PersonRow.name, comments).join(PersonRow, PersonRow.id == AttemptRow.person_id)
                 .where(AttemptRow.review_state == state, AttemptRow.status == "done",
                        AttemptRow.person_id.in_(participants_of(ids)), *_made_for(ids, leave_out))
                 .options(load_only(*_SUMMARY_COLUMNS))
                 .order_by(AttemptRow.created_at, AttemptRow.id).limit(limit).offset(offset))
        with self._db.session("reading the review queue") as s:
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
        with self._db.session("counting the review queue") as s:
            return int(s.scalar(select(func.count()).select_from(AttemptRow).where(
                AttemptRow.review_state == state, AttemptRow.status == "done",
                AttemptRow.person_id.in_(participants_of(ids)), *_made_for(ids))) or 0)

    def set_review_state(self, attempt_id: int, state: str, *, reviewer_id: int | None = None) -> None:
        """Mark an attempt "reviewed" (by ``reviewer_id``, now) or back to "pending"."""
        if state not in REVIEW_STATES:
            raise StoreError(f"Unknown review state {state!r}: expected one of {', '.join(REVIEW_STATES)}.")
        with self._db.session("saving the review state") as s:
            row = required(s, AttemptRow, attempt_id)
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
        with self._db.session("saving a score override") as s:
            required(s, AttemptRow, attempt_id)
            required(s, PersonRow, author_id, " to sign the override.")
            row = ScoreOverrideRow(attempt_id=attempt_id, dimension=dimension, score=value, reason=why,
                                   author_id=author_id)
            s.add(row)
            s.commit()
            return row.id

    def overrides(self, attempt_id: int, *, newest_only: bool = False) -> list[Override]:
        """An attempt's score overrides, oldest first (or only the newest per dimension)."""
        with self._db.session("reading score overrides") as s:
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
        with self._db.session("reading feedback") as s:
            row = required(s, AttemptRow, attempt_id)
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
        comments = self.comments(attempt_id)
        return Feedback(attempt_id=attempt_id, review_state=state,
                        reviewed_at=None if reviewed_at is None else utc(reviewed_at),
                        comments=tuple(comments), overrides=tuple(newest), scores=scores)

    # ------------------------------------------------------------------ comments
    def add_comment(self, attempt_id: int, *, author_id: int, text: str, at_s: float | None = None) -> int:
        """Pin a comment to an attempt, ``at_s`` seconds into the recording or to the whole; returns its id."""
        body = _comment_text(text)
        if at_s is not None and not (math.isfinite(at_s) and at_s >= 0):
            raise StoreError(f"A comment's moment must be seconds from the start (got {at_s}).")
        with self._db.session("saving a comment") as s:
            required(s, AttemptRow, attempt_id)
            required(s, PersonRow, author_id, " to sign the comment.")
            row = CommentRow(attempt_id=attempt_id, author_id=author_id, text=body,
                             at_s=None if at_s is None else float(at_s))
            s.add(row)
            s.commit()
            return row.id

    def comments(self, attempt_id: int) -> list[Comment]:
        """An attempt's comments, oldest first."""
        with self._db.session("reading comments") as s:
            return [_comment(r, name) for r, name in s.execute(
                select(CommentRow, PersonRow.name).join(PersonRow, PersonRow.id == CommentRow.author_id)
                .where(CommentRow.attempt_id == attempt_id).order_by(CommentRow.created_at, CommentRow.id))]

    def get_comment(self, comment_id: int) -> Comment:
        """One comment (its attempt and author decide who may change it)."""
        with self._db.session("reading a comment") as s:
            found = s.execute(select(CommentRow, PersonRow.name).join(PersonRow, PersonRow.id == CommentRow.author_id)
                              .where(CommentRow.id == comment_id)).first()
            if found is None:
                raise not_found("comment", comment_id)
            return _comment(*found)

    def edit_comment(self, comment_id: int, *, text: str) -> None:
        """Replace a comment's text and mark it edited (now); its moment, author and time stay.
        The same text again changes nothing."""
        body = _comment_text(text)
        with self._db.session("saving a comment") as s:
            row = s.get(CommentRow, comment_id)
            if row is None:
                raise not_found("comment", comment_id)
            if row.text != body:
                row.text, row.edited_at = body, datetime.now(UTC)
                s.commit()

    def delete_comment(self, comment_id: int) -> None:
        """Remove a comment for good: nothing of it is kept."""
        with self._db.session("deleting a comment") as s:
            row = s.get(CommentRow, comment_id)
            if row is None:
                raise not_found("comment", comment_id)
            s.delete(row)
            s.commit()


def _comment(r: CommentRow, author_name: str) -> Comment:
    return Comment(id=r.id, attempt_id=r.attempt_id, author_id=r.author_id, at_s=r.at_s, text=r.text,
                   created_at=utc(r.created_at), author_name=author_name,
                   edited_at=None if r.edited_at is None else utc(r.edited_at))


def _comment_text(text: str) -> str:
    body = str(text).strip()
    if not body:
        raise StoreError("A comment needs some text.")
    return body
