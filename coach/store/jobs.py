"""The analysis job on each attempt row: saved queued, claimed by one worker, heartbeat and progress,
done or failed; stale jobs found and handed back.

The row is the truth; the task queue (Huey, :mod:`coach.jobs.queue`) only carries attempt ids. Every
change of state is one conditional UPDATE, so two workers handed the same id (a duplicate
delivery, or a job re-queued while its first worker was only slow) cannot both run or both finish
it: a worker ``claim``\\s the row with a fresh token, and only the holder of the current token may
write progress or the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from ..errors import QueueFullError
from .attempts import AttemptsRepository, report_columns
from .db import Database, not_found
from .people import PeopleRepository
from .recordings import Recordings
from .schema import AttemptRow, utc

__all__ = ["ACTIVE_STATES", "ClaimedJob", "JobStatus", "JobsRepository"]

ACTIVE_STATES = ("queued", "running")


@dataclass(frozen=True)
class JobStatus:
    """Where one attempt's analysis stands, as a waiting page shows it."""

    attempt_id: int
    person_id: int
    status: str  # queued | running | done | failed
    kind: str | None  # doorstop | practice | import
    exercise_id: str | None
    created_at: datetime  # UTC, when it was saved
    stage: str | None = None  # transcribe | analyse | save
    done: float | None = None  # seconds transcribed (or analysis steps) of total
    total: float | None = None
    position: int = 0  # queued jobs that will start before this one
    error_code: str | None = None  # the WicaraError class when failed
    error_message: str | None = None
    options: dict[str, Any] | None = None  # {"lang", "question"}
    transcript: str = ""  # while running: the transcript decoded so far


@dataclass(frozen=True)
class ClaimedJob:
    """What a worker needs to analyse an attempt it has claimed."""

    attempt_id: int
    token: str
    person_id: int
    kind: str
    audio_path: Path | None
    language: str  # as asked: id | en | auto
    key_messages: tuple[str, ...]
    exercise_id: str | None
    exercise_version: int | None
    options: dict[str, Any]
    deliveries: int  # 1 the first time a worker takes it up


def _now() -> datetime:
    return datetime.now(UTC)


class JobsRepository:
    """The job on each attempt row (see the module docstring)."""

    def __init__(self, db: Database, attempts: AttemptsRepository, people: PeopleRepository,
                 recordings: Recordings) -> None:
        self._db = db
        self._attempts = attempts
        self._people = people
        self._recordings = recordings

    def queue_attempt(self, person_id: int, *, audio: bytes, audio_suffix: str, kind: str, priority: int,
                      language: str, key_messages: Sequence[str] = (), exercise_id: str | None = None,
                      exercise_version: int | None = None, options: dict[str, Any] | None = None,
                      created_at: datetime | None = None, max_active: int | None = None,
                      participant: tuple[int, str] | None = None) -> int:
        """Save a recording and its attempt row as ``queued`` (committed, file synced); returns the id.

        ``max_active``: refuse with :class:`QueueFullError` when the person already has that many
        attempts queued or running. ``participant``: ``(cohort id, name)`` instead of ``person_id``: that
        cohort's participant, found or added (without a PIN) in the same transaction, and the attempt
        made for that cohort; otherwise the attempt is for the person's one cohort, if one.
        """
        row = self._attempts.new_row(
            person_id, audio=audio, audio_suffix=audio_suffix, key_messages=key_messages, exercise_id=exercise_id,
            exercise_version=exercise_version, created_at=created_at or _now(), language=str(language),
            transcript="", report={}, duration_s=0.0, analysis_version="", status="queued", job_kind=kind,
            priority=int(priority), job_options=dict(options or {}))

        person = None
        if participant is not None:
            cohort_id, name = participant
            row.cohort_id = cohort_id

            def person(s: Session) -> None:
                row.person_id = self._people.find_or_add_participant(s, cohort_id, name).id

        def check(s: Session) -> None:
            if max_active is None:
                return
            active = s.scalar(select(func.count()).select_from(AttemptRow).where(
                AttemptRow.person_id == person_id, AttemptRow.status.in_(ACTIVE_STATES))) or 0
            if active >= max_active:
                raise QueueFullError(f"You already have {active} recordings waiting to be analysed (the limit is "
                                     f"{max_active}): wait until one is done, then submit again.")

        return self._attempts.add_with_audio(row, audio, "queueing the attempt", check, person=person,
                                             default_cohort=participant is None)

    def _update(self, doing: str, *where: Any, **values: Any) -> int:
        """One conditional UPDATE of attempts, committed; how many rows it changed."""
        with self._db.session(doing) as s:
            changed = s.execute(update(AttemptRow).where(*where).values(**values)
                                .execution_options(synchronize_session=False)).rowcount
            s.commit()
            return int(changed or 0)

    def mark_enqueued(self, attempt_id: int) -> None:
        """Note that the queue holds this attempt's job (a row without it is re-queued by the reaper)."""
        self._update("noting a queued job", AttemptRow.id == attempt_id, enqueued_at=_now())

    def claim_attempt(self, attempt_id: int, token: str, *, stale_s: float) -> ClaimedJob | None:
        """Mark a queued attempt (or one whose worker stopped beating ``stale_s`` ago) as running for
        ``token``; None when it is done, failed, gone, or another worker runs it."""
        now = _now()
        claimable = or_(AttemptRow.status == "queued",
                        and_(AttemptRow.status == "running", AttemptRow.heartbeat_at < now - timedelta(seconds=stale_s)))
        if not self._update("starting an analysis", AttemptRow.id == attempt_id, claimable, status="running",
                            claim=token, started_at=now, heartbeat_at=now, stage="start", progress_done=None,
                            progress_total=None, transcript="", deliveries=AttemptRow.deliveries + 1):
            return None
        with self._db.session("reading a job") as s:
            row = s.get(AttemptRow, attempt_id)
            if row is None or row.claim != token:
                return None
            path = self._recordings.path(row.audio_sha256, row.audio_suffix)
            return ClaimedJob(attempt_id=row.id, token=token, person_id=row.person_id, kind=row.job_kind or "practice",
                              audio_path=path, language=row.language, key_messages=tuple(row.key_messages or ()),
                              exercise_id=row.exercise_id, exercise_version=row.exercise_version,
                              options=dict(row.job_options or {}), deliveries=row.deliveries)

    def _held(self, attempt_id: int, token: str) -> tuple[Any, ...]:
        return (AttemptRow.id == attempt_id, AttemptRow.claim == token, AttemptRow.status == "running")

    def job_heartbeat(self, attempt_id: int, token: str, *, stage: str | None = None, done: float | None = None,
                      total: float | None = None, transcript: str | None = None) -> bool:
        """The worker holding ``token`` is alive (and at ``stage``, ``done`` of ``total``; has heard
        ``transcript`` so far); False if it no longer holds the job."""
        values: dict[str, Any] = {"heartbeat_at": _now()}
        if stage is not None:
            values.update(stage=stage, progress_done=done, progress_total=total)
        if transcript is not None:  # while running, the transcript column holds the words decoded so far
            values["transcript"] = transcript
        return bool(self._update("noting progress", *self._held(attempt_id, token), **values))

    def finish_attempt(self, attempt_id: int, token: str, report: dict[str, Any]) -> bool:
        """Store the report and mark the attempt done; False (nothing written) if ``token`` lost the job."""
        return bool(self._update("saving the analysis", *self._held(attempt_id, token), status="done", stage=None,
                                 claim=None, finished_at=_now(), error_code=None, error_message=None,
                                 **report_columns(report)))

    def fail_attempt(self, attempt_id: int, token: str, *, code: str, message: str) -> bool:
        """Mark the attempt failed with the error's class name and what-to-do message."""
        return bool(self._update("saving a failed analysis", *self._held(attempt_id, token), status="failed",
                                 stage=None, claim=None, finished_at=_now(), transcript="", error_code=code[:40],
                                 error_message=message))

    def requeue_stale(self, *, stale_s: float, unqueued_after_s: float = 60.0) -> list[tuple[int, int]]:
        """``(attempt id, priority)`` of the jobs to hand to the queue again: running ones whose worker
        stopped beating ``stale_s`` ago (set back to queued), and queued ones never handed to the queue
        (whoever saved them died first)."""
        now = _now()
        stale_before, unqueued_before = now - timedelta(seconds=stale_s), now - timedelta(seconds=unqueued_after_s)
        with self._db.session("looking for stalled analyses") as s:
            stale = s.execute(select(AttemptRow.id, AttemptRow.priority).where(
                AttemptRow.status == "running", AttemptRow.heartbeat_at < stale_before)).all()
            unqueued = s.execute(select(AttemptRow.id, AttemptRow.priority).where(
                AttemptRow.status == "queued", AttemptRow.enqueued_at.is_(None),
                AttemptRow.created_at < unqueued_before)).all()
        back = [(i, p) for i, p in stale if self._update(
            "re-queueing a stalled analysis", AttemptRow.id == i, AttemptRow.status == "running",
            AttemptRow.heartbeat_at < stale_before, status="queued", claim=None, stage=None, enqueued_at=None)]
        return back + [(i, p) for i, p in unqueued]

    def queued_ids(self, *, enqueued_before_s: float) -> list[tuple[int, int]]:
        """``(attempt id, priority)`` of queued attempts handed to the queue over ``enqueued_before_s`` ago."""
        before = _now() - timedelta(seconds=enqueued_before_s)
        with self._db.session("listing queued analyses") as s:
            return [(i, p) for i, p in s.execute(select(AttemptRow.id, AttemptRow.priority).where(
                AttemptRow.status == "queued", AttemptRow.enqueued_at < before).order_by(AttemptRow.id))]

    def job_status(self, attempt_id: int) -> JobStatus:
        """Where this attempt's analysis stands; StoreError if there is no such attempt."""
        found = self._job_statuses([AttemptRow.id == attempt_id], "reading an analysis")
        if not found:
            raise not_found("attempt", attempt_id)
        return found[0]

    def jobs_of(self, person_id: int, *, states: Sequence[str] = ACTIVE_STATES,
                since: datetime | None = None) -> list[JobStatus]:
        """A person's attempts in ``states`` (default: queued or running), oldest first."""
        where = [AttemptRow.person_id == person_id, AttemptRow.status.in_(tuple(states))]
        if since is not None:
            where.append(AttemptRow.created_at >= utc(since))
        return self._job_statuses(where, "listing analyses")

    def running_jobs(self) -> list[JobStatus]:
        """Every running analysis, oldest first."""
        return self._job_statuses([AttemptRow.status == "running"], "listing running analyses")

    def queue_counts(self) -> dict[str, int]:
        """How many attempts are queued, running, done and failed."""
        with self._db.session("counting analyses") as s:
            counts = dict(s.execute(select(AttemptRow.status, func.count()).group_by(AttemptRow.status)).all())
        return {state: int(counts.get(state, 0)) for state in ("queued", "running", "done", "failed")}

    def _job_statuses(self, where: list[Any], doing: str) -> list[JobStatus]:
        cols = (AttemptRow.id, AttemptRow.person_id, AttemptRow.status, AttemptRow.job_kind, AttemptRow.exercise_id,
                AttemptRow.created_at, AttemptRow.stage, AttemptRow.progress_done, AttemptRow.progress_total,
                AttemptRow.priority, AttemptRow.error_code, AttemptRow.error_message, AttemptRow.job_options,
                AttemptRow.transcript)
        with self._db.session(doing) as s:
            rows = s.execute(select(*cols).where(*where).order_by(AttemptRow.created_at, AttemptRow.id)).all()
            out = []
            for r in rows:
                position = 0
                if r.status == "queued":  # the queue serves higher priority first, then first come
                    position = int(s.scalar(select(func.count()).select_from(AttemptRow).where(
                        AttemptRow.status == "queued", or_(AttemptRow.priority > r.priority, and_(
                            AttemptRow.priority == r.priority, AttemptRow.id < r.id)))) or 0)
                out.append(JobStatus(attempt_id=r.id, person_id=r.person_id, status=r.status, kind=r.job_kind,
                                     exercise_id=r.exercise_id, created_at=utc(r.created_at), stage=r.stage,
                                     done=r.progress_done, total=r.progress_total, position=position,
                                     error_code=r.error_code, error_message=r.error_message, options=r.job_options,
                                     transcript=(r.transcript or "") if r.status == "running" else ""))
            return out
