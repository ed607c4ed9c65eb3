"""Storage: people, cohorts, attempts and trainer comments, in SQLite or PostgreSQL.

:class:`Store` opens the database (:mod:`coach.store.db`: engine, sessions, migrations) and the folder of
recordings (:mod:`coach.store.recordings`), and composes one repository per area:

==================  =========================================================  ===========================
``store.people``    cohorts, join codes, participants, memberships              :mod:`coach.store.people`
``store.accounts``  trainer and admin accounts, password and PIN hashes         :mod:`coach.store.accounts`
``store.attempts``  attempts with their recordings; the facts the policy needs  :mod:`coach.store.attempts`
``store.review``    review queue, comments, score overrides, feedback           :mod:`coach.store.review`
``store.assignments``  assignments and who has done them                        :mod:`coach.store.assignments`
``store.cohorts``   the cohort dashboard's aggregate queries                    :mod:`coach.store.cohort`
``store.jobs``      the analysis job on each attempt row                        :mod:`coach.store.jobs`
``store.security``  sign-in throttling and browser sessions                     :mod:`coach.store.security`
``store.removal``   removing a participant with what they recorded              :mod:`coach.store.removal`
==================  =========================================================  ===========================

Callers (the workspace, the CLI, the queue) call ``store.<method>``: each name in :data:`ROUTES` is one
repository's method. The tables are in ``schema.py``; what the store hands out (never rows) in ``types.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import StoreError
from .accounts import AccountsRepository
from .assignments import AssignmentsRepository
from .attempts import AttemptsRepository
from .cohort import CohortQueries
from .db import Database, private_dir
from .jobs import JobsRepository
from .people import PeopleRepository
from .recordings import Recordings
from .removal import RemovalRepository
from .review import ReviewRepository
from .security import SecurityRepository

__all__ = ["ROUTES", "Store"]

# repository attribute -> the methods callers reach as store.<method>
_AREAS: dict[str, tuple[str, ...]] = {
    "people": ("get_person", "get_or_create_person", "people_in_cohort", "participant_credentials", "add_participant",
               "get_or_create_cohort", "list_cohorts", "get_cohort", "get_cohort_by_id", "create_cohort",
               "set_join_code", "set_cohort_archived", "cohort_by_join_code", "add_trainer_to_cohort",
               "remove_from_cohort", "memberships", "cohorts_of", "cohort_people"),
    "accounts": ("count_accounts", "add_account", "list_accounts", "login_credentials", "password_hash",
                 "set_password_hash", "set_account"),
    "attempts": ("save_attempt", "get_attempt", "find_attempt", "list_attempts", "attempt_access", "attempt_cohorts",
                 "count_attempts_since"),
    "review": ("review_queue", "count_review_queue", "set_review_state", "override_score", "overrides", "feedback",
               "add_comment", "comments", "get_comment", "edit_comment", "delete_comment"),
    "assignments": ("add_assignment", "get_assignment", "cohort_assignments", "delete_assignment", "due_for",
                    "assignment_completion"),
    "cohorts": ("cohort_has_overrides", "cohort_participant_stats", "cohort_first_latest", "cohort_histograms",
                "cohort_filter_options", "iter_cohort_attempts"),
    "jobs": ("queue_attempt", "mark_enqueued", "claim_attempt", "job_heartbeat", "finish_attempt", "fail_attempt",
             "requeue_stale", "queued_ids", "job_status", "jobs_of", "running_jobs", "queue_counts"),
    "security": ("throttle_state", "record_failure", "clear_failures", "add_session", "claim_handoff", "session_row",
                 "revoke_sessions"),
    "recordings": ("sweep_orphans",),
    "removal": ("removal_preview", "remove_participant"),
}
ROUTES: dict[str, str] = {method: area for area, methods in _AREAS.items() for method in methods}


class Store:
    """The attempts database (``sqlite:///path/wicara.db`` or ``postgresql+psycopg://user@host/db``)
    plus the folder of recordings, ``audio_dir``; both are created when missing."""

    def __init__(self, url: str, *, audio_dir: Path) -> None:
        self.audio_dir = Path(audio_dir)
        try:
            private_dir(self.audio_dir)
            self.db = Database(url)
        except OSError as e:
            raise StoreError(f"Cannot create the folder {e.filename}: {e.strerror}. Check WICARA_DATA_DIR.") from e
        self.engine = self.db.engine
        self.db.migrate()
        self.recordings = Recordings(self.audio_dir, self.db)
        self.people = PeopleRepository(self.db)
        self.accounts = AccountsRepository(self.db)
        self.attempts = AttemptsRepository(self.db, self.recordings)
        self.review = ReviewRepository(self.db)
        self.assignments = AssignmentsRepository(self.db)
        self.cohorts = CohortQueries(self.db)
        self.jobs = JobsRepository(self.db, self.attempts, self.people, self.recordings)
        self.security = SecurityRepository(self.db)
        self.removal = RemovalRepository(self.db, self.recordings)

    @classmethod
    def from_settings(cls, settings: Any) -> Store:
        """The store the settings describe: ``database_url``, or a SQLite file in ``data_dir``."""
        data_dir = Path(settings.data_dir).expanduser()
        return cls(settings.database_url or f"sqlite:///{data_dir / 'wicara.db'}", audio_dir=data_dir / "audio")

    @property
    def safe_url(self) -> str:
        """The database URL without its password, to show."""
        return self.db.safe_url

    def close(self) -> None:
        """Close every pooled database connection."""
        self.db.close()

    def __getattr__(self, name: str) -> Any:
        area = ROUTES.get(name)
        if area is None or area not in self.__dict__:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return getattr(self.__dict__[area], name)
