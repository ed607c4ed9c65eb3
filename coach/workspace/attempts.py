"""A person's own attempts, as the practice pages use them: open the store, submit a recording (the
policy's ``("create", "attempt")`` rule and the self-study quota), follow its analysis, open the result.

Like :mod:`coach.workspace.operations`, every function takes the signed-in
:class:`~coach.workspace.auth.Principal` and raises :class:`~coach.errors.PermissionDeniedError` when
:data:`coach.workspace.auth.POLICY` refuses; pages never call the store themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..store.database import Store
from ..store.jobs import ACTIVE_STATES, JobStatus
from ..store.types import Attempt, Cohort
from .auth import Principal, Resource, attempt_resource, person_resource, require
from .operations import check_cohort_open, check_upload_quota

__all__ = ["ACTIVE_STATES", "attempt", "attempt_owner_name", "database_shown", "job", "jobs", "my_cohorts",
           "open_store", "submit"]

ORPHAN_MIN_AGE_S = 600  # a recording this old that no attempt uses was left by a crashed save or import


def open_store(settings: Any, *, sweep: bool = False) -> Store:
    """The store the settings describe; with ``sweep``, what a crashed save or import left behind is
    removed (recordings no attempt uses, :data:`ORPHAN_MIN_AGE_S` old)."""
    store = Store.from_settings(settings)
    if sweep:
        store.sweep_orphans(min_age_s=ORPHAN_MIN_AGE_S)
    return store


def database_shown(store: Any) -> str:
    """The database's URL without its password, for the About page."""
    return str(store.safe_url)


def submit(queue: Any, who: Principal, *, audio: bytes, audio_suffix: str, kind: str, language: str,
           key_messages: Sequence[str] = (), exercise: Any | None = None, question: str | None = None,
           timing: dict[str, float | None] | None = None, person_id: int | None = None) -> int:
    """Save a recording as a queued attempt of ``person_id`` (default: ``who``) and queue it; returns its id.

    Refused unless the policy lets ``who`` create that person's attempt, or when a self-learner's daily
    quota is used up (:func:`~coach.workspace.operations.check_upload_quota`).
    """
    owner = who.id if person_id is None else person_id
    require(who, "create", Resource("attempt", owner_id=owner))
    check_cohort_open(queue.store, who)
    check_upload_quota(queue.store, who, queue.settings)
    return queue.submit(owner, audio=audio, audio_suffix=audio_suffix, kind=kind, language=language,
                        key_messages=list(key_messages), exercise=exercise, question=question, timing=timing)


def attempt(store: Any, who: Principal, attempt_id: int) -> Attempt:
    """One attempt with its report (:func:`~coach.workspace.operations.open_attempt` adds the feedback)."""
    require(who, "view", attempt_resource(store, attempt_id))
    return store.get_attempt(attempt_id)


def attempt_owner_name(store: Any, who: Principal, attempt_id: int) -> str:
    """The name of whoever made the attempt (the review page's heading)."""
    resource = attempt_resource(store, attempt_id)
    require(who, "view", resource)
    return store.get_person(resource.owner_id).name


def job(store: Any, who: Principal, attempt_id: int) -> JobStatus:
    """Where an attempt's analysis stands (its place in line, its progress, why it failed)."""
    require(who, "view", attempt_resource(store, attempt_id))
    return store.job_status(attempt_id)


def jobs(store: Any, who: Principal, person_id: int, *, states: Sequence[str] = ACTIVE_STATES,
         since: datetime | None = None) -> list[JobStatus]:
    """A person's analyses in ``states`` (default: queued or running), oldest first."""
    require(who, "view", person_resource(store, person_id))
    return store.jobs_of(person_id, states=states, since=since)


def my_cohorts(store: Any, who: Principal) -> list[Cohort]:
    """The cohorts the signed-in person practises in or runs, by code."""
    return store.cohorts_of(who.id)
