"""What the store hands out: frozen dataclasses, never database rows.

Pages, the CLI and :mod:`coach.workspace.cohort` work with these; only ``coach/store/`` touches SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .schema import SCORE_DIMENSIONS, AttemptRow, PersonRow, utc

__all__ = ["Assignment", "AssignmentStatus", "Attempt", "AttemptFilter", "AttemptSummary", "Cohort", "Comment",
           "Feedback", "Override", "Person", "QueueItem", "person_from_row", "summary_fields"]


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str  # "participant" | "trainer" | "admin"
    login: str | None = None  # trainers and admins sign in with it
    active: bool = True  # False: an admin switched the account off


@dataclass(frozen=True)
class Cohort:
    id: int
    code: str
    name: str
    join_code: str | None = None  # what participants type to join; None: joining is closed
    archived: bool = False  # archived: hidden by default; history stays, nothing new is made in it


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    person_id: int
    created_at: datetime  # UTC
    language: str
    exercise_id: str | None
    duration_s: float
    scores: dict[str, float | None]  # SCORE_DIMENSIONS -> 0 to 100, None where not scored


@dataclass(frozen=True)
class Attempt(AttemptSummary):
    key_messages: tuple[str, ...]
    report: dict[str, Any]  # SessionReport.to_dict()
    audio_path: Path | None  # None when saved without audio or the file is gone
    analysis_version: str
    transcript_text: str
    review_state: str = "pending"  # "pending" | "reviewed"
    status: str = "done"  # "queued" | "running" | "done" | "failed" (the analysis job; see store/jobs.py)


@dataclass(frozen=True)
class Comment:
    id: int
    attempt_id: int
    author_id: int
    at_s: float | None  # seconds into the recording
    text: str
    created_at: datetime  # UTC
    author_name: str = ""
    edited_at: datetime | None = None  # UTC, when the text was last changed; None: never


@dataclass(frozen=True)
class Override:
    """A trainer's score for one dimension of an attempt; the computed score stays recorded."""

    id: int
    attempt_id: int
    dimension: str
    score: float  # 0 to 100
    computed: float | None  # what Wicara measured
    reason: str
    author_id: int
    author_name: str
    created_at: datetime  # UTC


@dataclass(frozen=True)
class Feedback:
    """What a participant sees on their report: the trainer's comments and scores."""

    attempt_id: int
    review_state: str  # "pending" | "reviewed"
    reviewed_at: datetime | None
    comments: tuple[Comment, ...]
    overrides: tuple[Override, ...]  # newest per dimension only
    scores: dict[str, float | None]  # computed, with each overridden dimension replaced


@dataclass(frozen=True)
class QueueItem:
    """One attempt awaiting feedback, with who made it and where."""

    attempt: AttemptSummary
    person_name: str
    cohort_code: str
    comment_count: int


@dataclass(frozen=True)
class Assignment:
    id: int
    cohort_id: int
    exercise_id: str
    due_at: datetime  # UTC
    note: str
    author_id: int | None
    created_at: datetime  # UTC
    person_ids: tuple[int, ...] = ()  # the participants it is for; empty: the whole cohort


@dataclass(frozen=True)
class AssignmentStatus:
    """An assignment as one participant sees it."""

    assignment: Assignment
    cohort_code: str
    done: bool  # an attempt at the exercise since it was assigned
    overdue: bool  # not done and past due
    attempt_ids: tuple[int, ...] = field(default=())


def summary_fields(row: AttemptRow) -> dict[str, Any]:
    return {"id": row.id, "person_id": row.person_id, "created_at": utc(row.created_at),
            "language": row.language, "exercise_id": row.exercise_id, "duration_s": row.duration_s,
            "scores": {d: getattr(row, f"score_{d}") for d in SCORE_DIMENSIONS}}


def person_from_row(row: PersonRow) -> Person:
    return Person(id=row.id, name=row.name, role=row.role, login=row.login, active=bool(row.active))


@dataclass(frozen=True)
class AttemptFilter:
    """Which attempts a cohort view counts; every field is optional (None: no limit)."""

    exercise_id: str | None = None  # "" means free practice (no exercise)
    since: datetime | None = None  # inclusive, UTC
    until: datetime | None = None  # exclusive, UTC
    language: str | None = None  # "id" or "en"
