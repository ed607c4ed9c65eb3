"""Assignments: an exercise a cohort, or chosen participants of it, should do by a date. A participant has
done it once they have an attempt at that exercise made after it was assigned.

An assignment with no row in ``assignment_targets`` is for the whole cohort (also those who join later);
with rows, only for those participants: nobody else sees it as due, and only they count for completion.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from ..errors import StoreError
from .db import Database, required
from .schema import AssignmentRow, AssignmentTargetRow, AttemptRow, CohortRow, MembershipRow, utc
from .types import Assignment, AssignmentStatus

__all__ = ["AssignmentsRepository", "drop_targets"]


def _assignment(row: AssignmentRow, person_ids: Iterable[int] = ()) -> Assignment:
    return Assignment(id=row.id, cohort_id=row.cohort_id, exercise_id=row.exercise_id, due_at=utc(row.due_at),
                      note=row.note, author_id=row.author_id, created_at=utc(row.created_at),
                      person_ids=tuple(sorted(person_ids)))


def _targets(s: Session, assignment_ids: Iterable[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    ids = list(assignment_ids)
    if ids:
        query = select(AssignmentTargetRow.assignment_id, AssignmentTargetRow.person_id)
        for assignment_id, person_id in s.execute(query.where(AssignmentTargetRow.assignment_id.in_(ids))):
            out.setdefault(assignment_id, []).append(person_id)
    return out


def drop_targets(s: Session, cohort_id: int, person_id: int) -> None:
    """Take a participant out of the cohort's assignments, in the caller's transaction (a removal). An
    assignment that was for them alone is deleted: with no target left it would mean the whole cohort."""
    mine = list(s.scalars(select(AssignmentTargetRow.assignment_id).join(AssignmentRow).where(
        AssignmentRow.cohort_id == cohort_id, AssignmentTargetRow.person_id == person_id)))
    if not mine:
        return
    s.execute(delete(AssignmentTargetRow).where(AssignmentTargetRow.person_id == person_id,
                                                AssignmentTargetRow.assignment_id.in_(mine)))
    still = set(s.scalars(select(AssignmentTargetRow.assignment_id).distinct()
                          .where(AssignmentTargetRow.assignment_id.in_(mine))))
    if alone := [a for a in mine if a not in still]:
        s.execute(delete(AssignmentRow).where(AssignmentRow.id.in_(alone)))


class AssignmentsRepository:
    """A cohort's assignments, and who has done them."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_assignment(self, cohort_id: int, exercise_id: str, *, due_at: datetime, author_id: int | None,
                       note: str = "", person_ids: Iterable[int] | None = None) -> Assignment:
        """Ask a cohort (or ``person_ids``, participants of it) to do an exercise by ``due_at`` (aware, or
        taken as UTC). None or empty ``person_ids``: the whole cohort."""
        exercise = str(exercise_id).strip()
        if not exercise:
            raise StoreError("Pick an exercise to assign.")
        chosen = sorted(set(person_ids or ()))
        with self._db.session("saving an assignment") as s:
            required(s, CohortRow, cohort_id, ".")
            if chosen:
                members = set(s.scalars(select(MembershipRow.person_id).where(
                    MembershipRow.cohort_id == cohort_id, MembershipRow.role == "participant",
                    MembershipRow.person_id.in_(chosen))))
                if strangers := [p for p in chosen if p not in members]:
                    raise StoreError(f"Person {strangers[0]} is not a participant of this cohort: choose among its "
                                     "participants.")
            row = AssignmentRow(cohort_id=cohort_id, exercise_id=exercise, due_at=utc(due_at),
                                note=str(note).strip(), author_id=author_id)
            s.add(row)
            s.flush()
            s.add_all(AssignmentTargetRow(assignment_id=row.id, person_id=p) for p in chosen)
            s.commit()
            return _assignment(row, chosen)

    def get_assignment(self, assignment_id: int) -> Assignment:
        with self._db.session("reading an assignment") as s:
            row = required(s, AssignmentRow, assignment_id)
            return _assignment(row, _targets(s, [row.id]).get(row.id, ()))

    def cohort_assignments(self, cohort_id: int) -> list[Assignment]:
        """A cohort's assignments, soonest due first."""
        with self._db.session("listing assignments") as s:
            rows = list(s.scalars(select(AssignmentRow).where(AssignmentRow.cohort_id == cohort_id)
                                  .order_by(AssignmentRow.due_at, AssignmentRow.id)))
            targets = _targets(s, [r.id for r in rows])
            return [_assignment(r, targets.get(r.id, ())) for r in rows]

    def delete_assignment(self, assignment_id: int) -> None:
        with self._db.session("deleting an assignment") as s:
            if (row := s.get(AssignmentRow, assignment_id)) is not None:
                s.execute(delete(AssignmentTargetRow).where(AssignmentTargetRow.assignment_id == assignment_id))
                s.delete(row)
                s.commit()

    def due_for(self, person_id: int, *, now: datetime | None = None) -> list[AssignmentStatus]:
        """Every assignment of the person's cohorts (not archived ones) that is for the whole cohort or for
        them, soonest due first, with whether it is done."""
        now = utc(now or datetime.now(UTC))
        targeted = exists().where(AssignmentTargetRow.assignment_id == AssignmentRow.id)
        for_them = exists().where(AssignmentTargetRow.assignment_id == AssignmentRow.id,
                                  AssignmentTargetRow.person_id == person_id)
        with self._db.session("listing what is due") as s:
            rows = s.execute(select(AssignmentRow, CohortRow.code).join(CohortRow)
                             .join(MembershipRow, MembershipRow.cohort_id == AssignmentRow.cohort_id)
                             .where(MembershipRow.person_id == person_id, CohortRow.archived_at.is_(None),
                                    or_(~targeted, for_them))
                             .order_by(AssignmentRow.due_at, AssignmentRow.id)).all()
            targets = _targets(s, [r.id for r, _ in rows])
            exercises = {r.exercise_id for r, _ in rows}
            attempts = s.execute(select(AttemptRow.id, AttemptRow.exercise_id, AttemptRow.created_at).where(
                AttemptRow.person_id == person_id, AttemptRow.exercise_id.in_(exercises),
                AttemptRow.status == "done")).all() if rows else []
        out = []
        for row, code in rows:
            a = _assignment(row, targets.get(row.id, ()))
            done_ids = tuple(i for i, ex, at in attempts if ex == a.exercise_id and utc(at) >= a.created_at)
            out.append(AssignmentStatus(assignment=a, cohort_code=code, done=bool(done_ids),
                                        overdue=not done_ids and a.due_at < now, attempt_ids=done_ids))
        return out

    def assignment_completion(self, assignment_id: int) -> tuple[list[int], list[int]]:
        """``(participants who did it, those who have not)``, as person ids of the participants it is for
        (the chosen ones, or the whole cohort), by name."""
        a = self.get_assignment(assignment_id)
        with self._db.session("reading an assignment's progress") as s:
            query = select(MembershipRow.person_id).where(MembershipRow.cohort_id == a.cohort_id,
                                                          MembershipRow.role == "participant")
            if a.person_ids:
                query = query.where(MembershipRow.person_id.in_(a.person_ids))
            members = list(s.scalars(query.order_by(MembershipRow.name_key)))
            done = set(s.scalars(select(AttemptRow.person_id).distinct().where(
                AttemptRow.person_id.in_(members), AttemptRow.exercise_id == a.exercise_id,
                AttemptRow.created_at >= a.created_at, AttemptRow.status == "done")))
        return [p for p in members if p in done], [p for p in members if p not in done]
