"""Removing a participant from a cohort, with what they recorded for it.

Everything goes in one transaction: the membership, the attempts made for the cohort (with their
comments, score overrides and analysis jobs) and the person's place in its assignments (one that was
for them alone goes); when the
cohort was the only one the person belonged to, the person too (their sessions end, any other attempt
of theirs goes). Only after the commit are the recordings deleted, and only those no remaining attempt
uses: a failure before the commit leaves everything as it was; a file that cannot be deleted then is
left to :meth:`coach.store.recordings.Recordings.sweep_orphans`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import StoreError
from .db import Database
from .recordings import Recordings
from .schema import AttemptRow, CommentRow, MembershipRow, PersonRow, ScoreOverrideRow, SessionRow

__all__ = ["Removal", "RemovalRepository"]


@dataclass(frozen=True)
class Removal:
    """What removing a participant deletes (before) or deleted (after)."""

    person_id: int
    name: str
    attempts: int  # attempts deleted with their comments and overrides
    recordings: int  # audio files among them (deleted after the commit unless another attempt uses one)
    whole_person: bool  # the cohort was their only one: the person goes too


class RemovalRepository:
    """Removes participants from cohorts (see the module's docstring for exactly what goes)."""

    def __init__(self, db: Database, recordings: Recordings) -> None:
        self._db = db
        self._recordings = recordings

    def _plan(self, s: Session, cohort_id: int, person_id: int) -> tuple[PersonRow, MembershipRow, bool, Any]:
        person = s.get(PersonRow, person_id)
        member = s.get(MembershipRow, (person_id, cohort_id))
        if person is None or member is None or member.role != "participant":
            raise StoreError(f"Person {person_id} is not a participant of cohort {cohort_id}: "
                             "they may have been removed already.")
        others = s.scalar(select(MembershipRow.cohort_id).where(MembershipRow.person_id == person_id,
                                                                MembershipRow.cohort_id != cohort_id).limit(1))
        whole = others is None
        # Alone in the cohort: everything they recorded goes. Also in another cohort: what they made for this one.
        which = (AttemptRow.person_id == person_id) if whole else (
            (AttemptRow.person_id == person_id) & (AttemptRow.cohort_id == cohort_id))
        return person, member, whole, which

    def removal_preview(self, cohort_id: int, person_id: int) -> Removal:
        """What :meth:`remove_participant` would delete, for the confirmation step."""
        with self._db.session("reading what a removal deletes") as s:
            person, _, whole, which = self._plan(s, cohort_id, person_id)
            rows = s.execute(select(AttemptRow.audio_sha256).where(which)).scalars().all()
            return Removal(person_id=person_id, name=person.name, attempts=len(rows),
                           recordings=sum(1 for sha in rows if sha), whole_person=whole)

    def remove_participant(self, cohort_id: int, person_id: int) -> Removal:
        """Remove a participant from a cohort in one transaction, then delete their unused recordings."""
        from .assignments import drop_targets  # the assignments module keeps its own table

        with self._db.session("removing a participant") as s:
            person, member, whole, which = self._plan(s, cohort_id, person_id)
            attempts = s.execute(select(AttemptRow.id, AttemptRow.audio_sha256, AttemptRow.audio_suffix)
                                 .where(which)).all()
            ids = [a.id for a in attempts]
            if ids:
                s.execute(delete(CommentRow).where(CommentRow.attempt_id.in_(ids)))
                s.execute(delete(ScoreOverrideRow).where(ScoreOverrideRow.attempt_id.in_(ids)))
                s.execute(delete(AttemptRow).where(AttemptRow.id.in_(ids)))
            drop_targets(s, cohort_id, person_id)
            s.delete(member)
            if whole:
                s.execute(delete(SessionRow).where(SessionRow.person_id == person_id))
                # A participant writes no comments or overrides, and reviews nothing: nothing else points at them.
                s.execute(delete(CommentRow).where(CommentRow.author_id == person_id))
                s.execute(delete(ScoreOverrideRow).where(ScoreOverrideRow.author_id == person_id))
                s.delete(person)
            name = person.name
            s.commit()
        files = {(a.audio_sha256, a.audio_suffix) for a in attempts if a.audio_sha256}
        for sha, suffix in files:
            self._delete_if_unused(sha, suffix)
        return Removal(person_id=person_id, name=name, attempts=len(ids),
                       recordings=sum(1 for a in attempts if a.audio_sha256), whole_person=whole)

    def _delete_if_unused(self, sha: str, suffix: str) -> None:
        path = self._recordings.path(sha, suffix)
        if path is None or not path.is_file():
            return
        try:
            with self._db.session("checking a recording is unused") as s:
                if s.scalar(select(AttemptRow.id).where(AttemptRow.audio_sha256 == sha,
                                                        AttemptRow.audio_suffix == suffix).limit(1)):
                    return  # the same recording saved by someone else: it stays
            audio = path.read_bytes()
            self._recordings.drop_if_unused(path, sha, suffix, audio)
        except (OSError, StoreError):
            return  # the rows are gone; the orphan sweep removes the file later
