"""Assignments: an exercise a cohort should do by a date. A participant has done it once they have an
attempt at that exercise made after it was assigned."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ..errors import StoreError
from .db import Database, required
from .schema import AssignmentRow, AttemptRow, CohortRow, MembershipRow, utc
from .types import Assignment, AssignmentStatus

__all__ = ["AssignmentsRepository"]


def _assignment(row: AssignmentRow) -> Assignment:
    return Assignment(id=row.id, cohort_id=row.cohort_id, exercise_id=row.exercise_id, due_at=utc(row.due_at),
                      note=row.note, author_id=row.author_id, created_at=utc(row.created_at))


class AssignmentsRepository:
    """A cohort's assignments, and who has done them."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_assignment(self, cohort_id: int, exercise_id: str, *, due_at: datetime, author_id: int | None,
                       note: str = "") -> Assignment:
        """Ask a cohort to do an exercise by ``due_at`` (aware, or taken as UTC)."""
        exercise = str(exercise_id).strip()
        if not exercise:
            raise StoreError("Pick an exercise to assign.")
        with self._db.session("saving an assignment") as s:
            required(s, CohortRow, cohort_id, ".")
            row = AssignmentRow(cohort_id=cohort_id, exercise_id=exercise, due_at=utc(due_at),
                                note=str(note).strip(), author_id=author_id)
            s.add(row)
            s.commit()
            return _assignment(row)

    def get_assignment(self, assignment_id: int) -> Assignment:
        with self._db.session("reading an assignment") as s:
            return _assignment(required(s, AssignmentRow, assignment_id))

    def cohort_assignments(self, cohort_id: int) -> list[Assignment]:
        """A cohort's assignments, soonest due first."""
        with self._db.session("listing assignments") as s:
            return [_assignment(r) for r in s.scalars(select(AssignmentRow).where(AssignmentRow.cohort_id == cohort_id)
                                                      .order_by(AssignmentRow.due_at, AssignmentRow.id))]

    def delete_assignment(self, assignment_id: int) -> None:
        with self._db.session("deleting an assignment") as s:
            if (row := s.get(AssignmentRow, assignment_id)) is not None:
                s.delete(row)
                s.commit()

    def due_for(self, person_id: int, *, now: datetime | None = None) -> list[AssignmentStatus]:
        """Every assignment of the person's cohorts (not archived ones), soonest due first, with whether it is done."""
        now = utc(now or datetime.now(UTC))
        with self._db.session("listing what is due") as s:
            rows = s.execute(select(AssignmentRow, CohortRow.code).join(CohortRow)
                             .join(MembershipRow, MembershipRow.cohort_id == AssignmentRow.cohort_id)
                             .where(MembershipRow.person_id == person_id, CohortRow.archived_at.is_(None))
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
        with self._db.session("reading an assignment's progress") as s:
            members = list(s.scalars(select(MembershipRow.person_id).where(
                MembershipRow.cohort_id == a.cohort_id, MembershipRow.role == "participant")
                .order_by(MembershipRow.name_key)))
            done = set(s.scalars(select(AttemptRow.person_id).distinct().where(
                AttemptRow.person_id.in_(members), AttemptRow.exercise_id == a.exercise_id,
                AttemptRow.created_at >= a.created_at, AttemptRow.status == "done")))
        return [p for p in members if p in done], [p for p in members if p not in done]
