"""The database tables, as SQLAlchemy models: the one description the migrations are checked against.

Only the repositories in ``coach/store/`` import this; everyone else gets plain
dataclasses from the store. ``coach/store/migrations/versions`` must produce exactly these tables
(tests/test_store.py compares them).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, MetaData, String, Text, UniqueConstraint, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..report.dimensions import SCORE_KEYS

__all__ = ["JOB_STATES", "REVIEW_STATES", "ROLES", "SCORE_DIMENSIONS", "AssignmentRow", "AssignmentTargetRow",
           "AttemptRow", "Base", "CohortRow", "CommentRow", "ExerciseRow", "MembershipRow", "PersonRow",
           "ScoreOverrideRow", "SessionRow", "ThrottleRow", "utc"]

ROLES = ("participant", "trainer", "admin")
SCORE_DIMENSIONS = SCORE_KEYS  # the registry's (coach.report.dimensions): overall, then each dimension
REVIEW_STATES = ("pending", "reviewed")  # every new attempt awaits a trainer's feedback
# An attempt is saved `queued` (recording and row committed) before it is analysed; a worker marks it
# `running`, then `done` (report and scores filled in) or `failed`. Only `done` attempts count anywhere.
JOB_STATES = ("queued", "running", "done", "failed")


def utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime (SQLite hands back naive ones; every stored time is UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"})
    type_annotation_map = {datetime: DateTime(timezone=True), float: Float, dict[str, Any]: JSON, list[str]: JSON}


class _Created:
    created_at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))


class PersonRow(_Created, Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="participant")  # participant | trainer | admin
    password_hash: Mapped[str | None] = mapped_column(String(255))  # argon2 (coach.workspace.auth); PIN for participants
    # Trainers and admins sign in with it; trimmed and casefolded. Participants have none.
    login: Mapped[str | None] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())  # an admin can switch an account off


class CohortRow(_Created, Base):
    __tablename__ = "cohorts"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    join_code: Mapped[str | None] = mapped_column(String(64), unique=True)  # participants join with it
    # Set: archived (out of the pickers, dashboard and review queue; no new attempts, joins or assignments).
    archived_at: Mapped[datetime | None]


class MembershipRow(_Created, Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("cohort_id", "name_key"),)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), default="participant")  # participant | trainer, in this cohort
    # Participants: name trimmed, spaces collapsed, casefolded. Accounts: "@" + login (no clash with names).
    name_key: Mapped[str] = mapped_column(String(200))


class ExerciseRow(Base):
    __tablename__ = "exercises"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), default="")


class AttemptRow(_Created, Base):
    __tablename__ = "attempts"
    # ix_attempts_dashboard covers every column the cohort dashboard reads, so SQLite answers it from
    # the index alone instead of walking each row past its report JSON (3–7× faster for 6,000 attempts).
    __table_args__ = (Index("ix_attempts_dashboard", "person_id", "created_at", "id", "exercise_id", "language",
                            *(f"score_{d}" for d in SCORE_DIMENSIONS), "status", "cohort_id"),
                      Index(None, "exercise_id"), Index(None, "audio_sha256"), Index(None, "review_state", "created_at"),
                      Index(None, "status", "priority", "id"), Index(None, "cohort_id", "created_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # The cohort the attempt was made for: its trainers may see it. None: the person's own practice
    # (a trainer's, or a self-learner's outside any cohort) that no trainer sees.
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"))
    # Plain columns, not a foreign key: an exercise file need not have a row in `exercises`.
    exercise_id: Mapped[str | None] = mapped_column(String(100))
    exercise_version: Mapped[int | None]
    language: Mapped[str] = mapped_column(String(10))
    key_messages: Mapped[list[str]]
    audio_sha256: Mapped[str | None] = mapped_column(String(64))  # None: saved without audio
    audio_suffix: Mapped[str] = mapped_column(String(13), default="")
    transcript: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[dict[str, Any]]
    # One column per score, so dashboards over thousands of attempts never parse the report JSON.
    score_overall: Mapped[float | None]
    score_pace: Mapped[float | None]
    score_fillers: Mapped[float | None]
    score_pauses: Mapped[float | None]
    score_variety: Mapped[float | None]
    score_clarity: Mapped[float | None]
    score_messages: Mapped[float | None]
    score_public: Mapped[float | None]
    score_timing: Mapped[float | None]
    duration_s: Mapped[float]
    analysis_version: Mapped[str] = mapped_column(String(20))
    review_state: Mapped[str] = mapped_column(String(20), default="pending", server_default="pending")
    reviewed_at: Mapped[datetime | None]
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # The analysis job (coach.jobs.queue): until `done`, report is {} and the scores are empty.
    status: Mapped[str] = mapped_column(String(10), default="done", server_default="done")  # JOB_STATES
    job_kind: Mapped[str | None] = mapped_column(String(20))  # doorstop | practice | import
    priority: Mapped[int] = mapped_column(default=0, server_default="0")  # higher runs first
    job_options: Mapped[dict[str, Any] | None]  # what the worker needs besides the row: {"lang", "question"}
    stage: Mapped[str | None] = mapped_column(String(20))  # transcribe | analyse | save, while running
    progress_done: Mapped[float | None]  # seconds transcribed (or analysis steps) of progress_total
    progress_total: Mapped[float | None]
    claim: Mapped[str | None] = mapped_column(String(36))  # the token of the worker running it
    deliveries: Mapped[int] = mapped_column(default=0, server_default="0")  # times a worker took it up
    enqueued_at: Mapped[datetime | None]  # handed to the queue (None: saved, not yet queued)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]  # a running job's worker updates it; stale: the worker died
    finished_at: Mapped[datetime | None]
    error_code: Mapped[str | None] = mapped_column(String(40))  # the WicaraError class, when failed
    error_message: Mapped[str | None] = mapped_column(Text)


class CommentRow(_Created, Base):
    __tablename__ = "comments"
    __table_args__ = (Index(None, "attempt_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    at_s: Mapped[float | None]  # moment in the recording; None: the whole attempt
    text: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[datetime | None]  # when its author last changed the text; None: as first written


class ScoreOverrideRow(_Created, Base):  # a trainer's score; the computed one stays in `attempts`
    __tablename__ = "score_overrides"
    __table_args__ = (Index(None, "attempt_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    dimension: Mapped[str] = mapped_column(String(20))
    score: Mapped[float]
    reason: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))


class AssignmentRow(_Created, Base):  # a trainer asks a cohort to do an exercise by a date
    __tablename__ = "assignments"
    __table_args__ = (Index(None, "cohort_id", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(100))
    due_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class AssignmentTargetRow(Base):  # the participants an assignment is for; none: the whole cohort
    __tablename__ = "assignment_targets"
    __table_args__ = (Index(None, "person_id"),)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)


class ThrottleRow(Base):  # failed sign-ins per key ("account:…", "address:…"); survives restarts
    __tablename__ = "signin_throttle"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime]
    blocked_until: Mapped[datetime | None]


class SessionRow(_Created, Base):  # a browser's sign-in, behind a signed cookie (coach.workspace.sessions)
    __tablename__ = "sessions"
    __table_args__ = (Index(None, "person_id"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    secret_sha256: Mapped[str | None] = mapped_column(String(64))  # set when the cookie is handed over
    handoff_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)  # one-time, then cleared
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
