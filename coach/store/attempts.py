"""Attempts: a recording and its report, saved for a person (and the cohort it was made for); read
back whole, as summaries, or as the facts the access policy needs.

A recording is synced to disk (:mod:`coach.store.recordings`) before its row is committed, and a failed
save removes only a file it wrote itself: never half an attempt, never another save's recording.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from ..errors import StoreError
from .db import Database, not_found, required
from .recordings import Recordings, clean_suffix
from .schema import SCORE_DIMENSIONS, AttemptRow, MembershipRow, PersonRow, utc
from .types import Attempt, AttemptSummary, summary_fields

__all__ = ["AttemptsRepository", "report_columns"]


class _Default:
    """Marker: no cohort given, take the person's own."""


def report_columns(report: dict[str, Any]) -> dict[str, Any]:
    """The attempt columns a report fills: language, duration, transcript text, version, one per score."""
    try:
        language, duration_s = str(report["language"]), float(report["duration_s"])
        scores, transcript = dict(report.get("scores") or {}), report.get("transcript") or {}
    except (KeyError, TypeError, ValueError) as e:
        raise StoreError(f"The report to save lacks {e}: pass SessionReport.to_dict().") from e
    return {"language": language, "duration_s": duration_s, "report": report,
            "transcript": str(transcript.get("text", "") if isinstance(transcript, dict) else transcript),
            "analysis_version": str(report.get("analysis_version", "")),
            **{f"score_{d}": None if scores.get(d) is None or not math.isfinite(float(scores[d])) else float(scores[d])
               for d in SCORE_DIMENSIONS}}


def _default_cohort(s: Session, person_id: int) -> int | None:
    cohorts = s.scalars(select(MembershipRow.cohort_id).where(MembershipRow.person_id == person_id,
                                                              MembershipRow.role == "participant")).all()
    return cohorts[0] if len(cohorts) == 1 else None


class AttemptsRepository:
    """Saving and reading attempts, with their recordings."""

    def __init__(self, db: Database, recordings: Recordings) -> None:
        self._db = db
        self._recordings = recordings

    def new_row(self, person_id: int, *, audio: bytes, audio_suffix: str, key_messages: Sequence[str],
                exercise_id: str | None, exercise_version: int | None, created_at: datetime | None,
                **columns: Any) -> AttemptRow:
        """An attempt row for this recording (not yet added): its SHA-256, clean suffix and creation time."""
        return AttemptRow(person_id=person_id, exercise_id=exercise_id, exercise_version=exercise_version,
                          key_messages=[str(m) for m in key_messages],
                          audio_sha256=hashlib.sha256(audio).hexdigest() if audio else None,
                          audio_suffix=clean_suffix(audio_suffix),
                          created_at=utc(created_at or datetime.now(UTC)), **columns)

    def save_attempt(self, person_id: int, *, audio: bytes, audio_suffix: str, report: dict[str, Any],
                     key_messages: Sequence[str] = (), exercise_id: str | None = None,
                     exercise_version: int | None = None, created_at: datetime | None = None,
                     cohort_id: int | None | type[_Default] = _Default) -> int:
        """Save an attempt (``report`` is ``SessionReport.to_dict()``) with its recording; returns its id.

        ``cohort_id``: the cohort it was made for (its trainers see it); by default the person's one
        cohort as a participant, else None (their own practice, seen by no trainer). The recording
        (may be empty) is synced to disk before the row is committed; see :meth:`add_with_audio`.
        """
        row = self.new_row(person_id, audio=audio, audio_suffix=audio_suffix, key_messages=key_messages,
                           exercise_id=exercise_id, exercise_version=exercise_version, created_at=created_at,
                           cohort_id=None if cohort_id is _Default else cohort_id, status="done",
                           **report_columns(report))
        return self.add_with_audio(row, audio, "saving the attempt", default_cohort=cohort_id is _Default)

    def add_with_audio(self, row: AttemptRow, audio: bytes, doing: str,
                       check: Callable[[Session], None] | None = None, *,
                       person: Callable[[Session], None] | None = None, default_cohort: bool = False) -> int:
        """Commit ``row`` after its recording (``row.audio_sha256``) is synced to disk; returns its id.

        ``person(session)`` first finds or adds the row's person in the same transaction;
        ``check(session)`` runs before anything is written (and may raise to refuse the row);
        ``default_cohort``: the row is for the person's one cohort as a participant (else none).
        On failure only a file this call wrote is removed, and only while no attempt refers to it.
        """
        sha256, suffix, files = row.audio_sha256, row.audio_suffix, self._recordings
        path = files.folder / f"{sha256}{suffix}"
        created = False
        try:
            with self._db.session(doing) as s:
                with s.no_autoflush:
                    if person is not None:
                        person(s)
                    required(s, PersonRow, row.person_id, ": pick or create a name first.")
                    if default_cohort:
                        row.cohort_id = _default_cohort(s, row.person_id)
                    if check is not None:
                        check(s)
                if sha256 and not (path.is_file() and path.stat().st_size == len(audio)):
                    created = files.write_new(path, audio)
                s.add(row)
                s.commit()
                attempt_id = row.id
        except BaseException as e:
            if created:
                files.drop_if_unused(path, sha256, suffix, audio)
            if isinstance(e, OSError):
                raise StoreError(f"Cannot save the recording in {files.folder}: {e}. "
                                 "Check the free disk space and WICARA_DATA_DIR's permissions.") from e
            raise
        if sha256 and not path.is_file():  # a failing save removed it between our check and our commit
            files.write_new(path, audio)
        return attempt_id

    def get_attempt(self, attempt_id: int) -> Attempt:
        """One attempt with its full report; StoreError if there is none."""
        with self._db.session("reading an attempt") as s:
            row = required(s, AttemptRow, attempt_id)
            path = self._recordings.path(row.audio_sha256, row.audio_suffix)
            return Attempt(**summary_fields(row), key_messages=tuple(row.key_messages or ()), report=row.report,
                           audio_path=path if path is not None and path.is_file() else None,
                           analysis_version=row.analysis_version, transcript_text=row.transcript,
                           review_state=row.review_state, status=row.status)

    def find_attempt(self, person_id: int, *, audio_sha256: str) -> int | None:
        """The oldest attempt of this person with this recording (SHA-256 hex) that is done or on its
        way (queued, running), or None."""
        with self._db.session("looking for an attempt") as s:
            return s.scalar(select(AttemptRow.id).where(AttemptRow.person_id == person_id,
                                                        AttemptRow.audio_sha256 == audio_sha256,
                                                        AttemptRow.status != "failed")
                            .order_by(AttemptRow.id).limit(1))

    def list_attempts(self, person_id: int, *, exercise_id: str | None = None) -> list[AttemptSummary]:
        """A person's analysed attempts, oldest first, optionally only those of one exercise."""
        # Only the summary columns: a report JSON can be hundreds of kilobytes.
        query = select(AttemptRow).where(AttemptRow.person_id == person_id).options(load_only(
            AttemptRow.id, AttemptRow.person_id, AttemptRow.created_at, AttemptRow.language, AttemptRow.exercise_id,
            AttemptRow.duration_s, *(getattr(AttemptRow, f"score_{d}") for d in SCORE_DIMENSIONS))
        ).where(AttemptRow.status == "done")
        if exercise_id is not None:
            query = query.where(AttemptRow.exercise_id == exercise_id)
        with self._db.session("listing attempts") as s:
            return [AttemptSummary(**summary_fields(r))
                    for r in s.scalars(query.order_by(AttemptRow.created_at, AttemptRow.id))]

    def attempt_access(self, attempt_id: int) -> tuple[int, frozenset[int]]:
        """``(owner's person id, {the cohort it was made for}, or none)``: what :func:`coach.workspace.auth.authorize`
        needs. An attempt made for no cohort (a trainer's own practice) is its owner's alone."""
        with self._db.session("reading an attempt") as s:
            found = s.execute(select(AttemptRow.person_id, AttemptRow.cohort_id)
                              .where(AttemptRow.id == attempt_id)).first()
            if found is None:
                raise not_found("attempt", attempt_id)
            owner, cohort = found
            return owner, frozenset() if cohort is None else frozenset({cohort})

    def attempt_cohorts(self, attempt_ids: list[int]) -> dict[int, int | None]:
        """``{attempt id: the cohort it was made for}``."""
        if not attempt_ids:
            return {}
        with self._db.session("reading attempts' cohorts") as s:
            return dict(s.execute(select(AttemptRow.id, AttemptRow.cohort_id).where(AttemptRow.id.in_(attempt_ids))).all())

    def count_attempts_since(self, person_id: int, since: datetime, *, cohort_id: int | None = None) -> int:
        """How many attempts a person saved since ``since`` (optionally for one cohort)."""
        query = select(AttemptRow.id).where(AttemptRow.person_id == person_id, AttemptRow.created_at >= utc(since))
        if cohort_id is not None:
            query = query.where(AttemptRow.cohort_id == cohort_id)
        with self._db.session("counting attempts") as s:
            return len(s.scalars(query).all())
