"""The trainer workspace's operations, each checked against the policy before it runs.

Pages call these, never the store directly, so no page can forget a permission check: every
function takes the signed-in :class:`~coach.workspace.auth.Principal` and raises
:class:`~coach.errors.PermissionDeniedError` when the policy (:data:`coach.workspace.auth.POLICY`) refuses.
:class:`AttemptFilter` and :class:`Cohort` are the store's plain types the pages build or read. A person's
own attempts (submitting, following an analysis) are :mod:`coach.workspace.attempts`. After creating a
cohort, reload the principal (:func:`coach.workspace.auth.load_principal`): it runs it now.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from .auth import (
    ACCOUNTS,
    Principal,
    attempt_resource,
    cohort_resource,
    create_account,
    person_resource,
    require,
    reset_password,
)
from .cohort import CohortDashboard, load_dashboard
from ..errors import CohortArchivedError, PermissionDeniedError, QuotaError
from .export import PdfResult, build_cohort_pdf, cohort_csv_bytes
from ..store.removal import Removal
from ..store.types import (
    Assignment,
    AssignmentStatus,
    Attempt,
    AttemptFilter,
    AttemptSummary,
    Cohort,
    Feedback,
    Person,
    QueueItem,
)

__all__ = ["AttemptFilter", "Cohort", "accounts", "add_trainer", "archive_cohort", "archived_cohorts", "assign",
           "assignment_progress", "check_cohort_open", "check_upload_quota", "cohort_assignments",
           "cohort_participants", "cohort_trainers", "comment", "create_trainer", "dashboard", "due", "export_csv",
           "export_pdf", "filter_options",
           "mark_reviewed", "new_cohort", "new_join_code", "open_attempt", "override", "progress", "removal_preview",
           "remove_participant", "reset_pin", "review_queue", "set_account_active", "unassign"]


# ---------------------------------------------------------------- participants' own views (and their trainers')
def open_attempt(store: Any, who: Principal, attempt_id: int) -> tuple[Attempt, Feedback]:
    """One attempt with the trainer's feedback (comments, overrides, effective scores)."""
    require(who, "view", attempt_resource(store, attempt_id))
    return store.get_attempt(attempt_id), store.feedback(attempt_id)


def progress(store: Any, who: Principal, person_id: int, *, exercise_id: str | None = None) -> list[AttemptSummary]:
    """A participant's attempts, oldest first (the progress page and a trainer's drill-down)."""
    require(who, "view", person_resource(store, person_id))
    attempts = store.list_attempts(person_id, exercise_id=exercise_id)
    if who.role == "admin" or who.id == person_id:
        return attempts
    # A trainer sees the attempts made for the cohorts they train, not those made elsewhere.
    mine = store.attempt_cohorts([a.id for a in attempts])
    return [a for a in attempts if mine.get(a.id) in who.trainer_of]


def due(store: Any, who: Principal, *, now: datetime | None = None) -> list[AssignmentStatus]:
    """What the signed-in participant has been assigned, soonest due first, with done/overdue."""
    require(who, "view", person_resource(store, who.id))
    return store.due_for(who.id, now=now)


def cohort_assignments(store: Any, who: Principal, cohort_id: int) -> list[Assignment]:
    require(who, "view", cohort_resource(cohort_id, "assignments"))
    return store.cohort_assignments(cohort_id)


def assignment_progress(store: Any, who: Principal, assignment_id: int) -> tuple[list[int], list[int]]:
    """``(participants who did it, those who have not)``, as person ids of the cohort's participants."""
    assignment = store.get_assignment(assignment_id)
    require(who, "view", cohort_resource(assignment.cohort_id, "assignments"))
    return store.assignment_completion(assignment_id)


# ---------------------------------------------------------------- trainers: cohorts and dashboards
def new_cohort(store: Any, who: Principal, code: str, name: str | None = None) -> Cohort:
    """A new cohort with a join code, run by the trainer who creates it."""
    require(who, "create", cohort_resource(0))
    return store.create_cohort(code, name, trainer_id=who.id if who.role in ("trainer", "admin") else None)


def new_join_code(store: Any, who: Principal, cohort_id: int, *, open_to_join: bool = True) -> Cohort:
    """Replace the cohort's join code (the old one stops working), or close joining."""
    require(who, "manage", cohort_resource(cohort_id))
    return store.set_join_code(cohort_id, open_to_join=open_to_join)


def add_trainer(store: Any, who: Principal, cohort_id: int, trainer_id: int) -> None:
    """Let another trainer account run the cohort too."""
    require(who, "manage", cohort_resource(cohort_id))
    store.add_trainer_to_cohort(cohort_id, trainer_id)


def archive_cohort(store: Any, who: Principal, cohort_id: int, *, archived: bool = True) -> Cohort:
    """Archive the cohort (its trainer, or an admin) or restore it (``archived=False``). An archived cohort
    leaves the pickers, the dashboard and the review queue; its participants still sign in and see their
    history, but make no new attempts in it, nobody new joins, and it takes no new assignments."""
    require(who, "manage", cohort_resource(cohort_id))
    return store.set_cohort_archived(cohort_id, archived)


def archived_cohorts(store: Any, who: Principal) -> list[Cohort]:
    """The archived cohorts the signed-in person takes part in as a participant (the pages say so)."""
    return [c for c in store.cohorts_of(who.id, role="participant") if c.archived]


def check_cohort_open(store: Any, who: Principal) -> None:
    """CohortArchivedError when a participant's every cohort is archived: their attempts would be made for it."""
    if who.role != "participant" or not who.member_of:
        return
    cohorts = store.cohorts_of(who.id, role="participant")
    if cohorts and all(c.archived for c in cohorts):
        raise CohortArchivedError(f"{who.name}'s cohort {cohorts[0].code!r} is archived: its history stays, "
                                  "but it takes no new attempts. Ask the trainer to restore it.")


def dashboard(store: Any, who: Principal, cohort_id: int, flt: AttemptFilter | None = None) -> CohortDashboard:
    """The cohort dashboard's data (figures: :func:`coach.charts.cohort.dashboard_figures`)."""
    require(who, "view", cohort_resource(cohort_id))
    return load_dashboard(store, store.get_cohort_by_id(cohort_id), flt)


def filter_options(store: Any, who: Principal, cohort_id: int) -> dict[str, Any]:
    """What the dashboard's filters can offer: exercises, languages, first and last attempt time."""
    require(who, "view", cohort_resource(cohort_id))
    return store.cohort_filter_options(cohort_id)


def cohort_participants(store: Any, who: Principal, cohort_id: int) -> list[Person]:
    """The cohort's participants, by name (to choose whom an assignment is for)."""
    require(who, "view", cohort_resource(cohort_id))
    return store.cohort_people(cohort_id)


def cohort_trainers(store: Any, who: Principal, cohort_id: int) -> list[Person]:
    """The trainer accounts that run the cohort."""
    require(who, "view", cohort_resource(cohort_id))
    return store.cohort_people(cohort_id, role="trainer")


def export_csv(store: Any, who: Principal, cohort_id: int, flt: AttemptFilter | None = None, *,
               fmt: str = "plain", tz: Any = None) -> bytes:
    """The cohort's CSV in ``fmt`` (``id``: ``;`` and decimal commas; ``plain``), times in ``tz``."""
    require(who, "export", cohort_resource(cohort_id))
    return cohort_csv_bytes(store, store.get_cohort_by_id(cohort_id), flt, fmt=fmt, tz=tz)


def export_pdf(store: Any, who: Principal, cohort_id: int, flt: AttemptFilter | None = None, *, lang: str = "id",
               browser_path: str | None = None, charts: bool = True, tz: Any = None) -> tuple[bytes, PdfResult]:
    require(who, "export", cohort_resource(cohort_id))
    dash = load_dashboard(store, store.get_cohort_by_id(cohort_id), flt)
    return build_cohort_pdf(dash, lang=lang, browser_path=browser_path, charts=charts, tz=tz)


def removal_preview(store: Any, who: Principal, cohort_id: int, person_id: int) -> Removal:
    """What removing a participant from the cohort would delete (the confirmation step shows it)."""
    require(who, "manage", cohort_resource(cohort_id))
    return store.removal_preview(cohort_id, person_id)


def remove_participant(store: Any, who: Principal, cohort_id: int, person_id: int) -> Removal:
    """Take a participant out of the cohort (its trainer, or an admin), deleting in one transaction the
    attempts they made for it with their comments and overrides, and the person when it was their only
    cohort; their recordings are deleted after the commit (:mod:`coach.store.removal`)."""
    require(who, "manage", cohort_resource(cohort_id))
    return store.remove_participant(cohort_id, person_id)


# ---------------------------------------------------------------- review
def review_queue(store: Any, who: Principal, *, cohort_id: int | None = None, state: str = "pending",
                 limit: int = 50, offset: int = 0) -> list[QueueItem]:
    """Attempts awaiting feedback in the cohorts ``who`` runs (all for an admin), oldest first."""
    archived = {c.id for c in store.list_cohorts() if c.archived}
    if cohort_id is not None:
        require(who, "view", cohort_resource(cohort_id))
        cohorts: list[int] | None = [cohort_id]
    elif who.role == "admin" and who.active:  # everything but what was made for an archived cohort
        cohorts = None
    elif who.role == "trainer" and who.active:
        cohorts = sorted(who.trainer_of - archived)
    else:
        raise PermissionDeniedError(f"{who.name} ({who.role}) has no review queue: it is for trainers.")
    return store.review_queue(cohorts, state=state, limit=limit, offset=offset,
                              leave_out=sorted(archived) if cohorts is None else ())


def comment(store: Any, who: Principal, attempt_id: int, text: str, *, at_s: float | None = None) -> int:
    """Pin feedback to a moment of the recording (``at_s`` seconds) or to the whole attempt."""
    require(who, "review", attempt_resource(store, attempt_id))
    return store.add_comment(attempt_id, author_id=who.id, text=text, at_s=at_s)


def override(store: Any, who: Principal, attempt_id: int, *, dimension: str, score: float, reason: str) -> int:
    """Replace a dimension's score (0–100) with a reason; the computed score stays recorded."""
    require(who, "review", attempt_resource(store, attempt_id))
    return store.override_score(attempt_id, dimension=dimension, score=score, reason=reason, author_id=who.id)


def mark_reviewed(store: Any, who: Principal, attempt_id: int, *, reviewed: bool = True) -> None:
    """Take an attempt out of the queue (or put it back)."""
    require(who, "review", attempt_resource(store, attempt_id))
    store.set_review_state(attempt_id, "reviewed" if reviewed else "pending", reviewer_id=who.id)


# ---------------------------------------------------------------- assignments
def assign(store: Any, who: Principal, cohort_id: int, exercise_id: str, *, due_at: datetime,
           note: str = "", person_ids: list[int] | None = None) -> Assignment:
    """Ask a cohort to do an exercise (one of ``exercises/``) by ``due_at``; with ``person_ids``, only
    those participants of it (None: the whole cohort, also those who join later)."""
    require(who, "manage", cohort_resource(cohort_id, "assignments"))
    if store.get_cohort_by_id(cohort_id).archived:
        raise CohortArchivedError("This cohort is archived: restore it before assigning it anything.")
    from ..media.exercises import get_exercise

    get_exercise(exercise_id)  # ExerciseError listing the known ones if it does not exist
    return store.add_assignment(cohort_id, exercise_id, due_at=due_at, author_id=who.id, note=note,
                                person_ids=person_ids)


def unassign(store: Any, who: Principal, assignment_id: int) -> None:
    assignment = store.get_assignment(assignment_id)
    require(who, "manage", cohort_resource(assignment.cohort_id, "assignments"))
    store.delete_assignment(assignment_id)


# ---------------------------------------------------------------- accounts
def accounts(store: Any, who: Principal) -> list[Person]:
    require(who, "manage", ACCOUNTS)
    return store.list_accounts()


def create_trainer(store: Any, who: Principal, name: str, *, login: str, password: str,
                   role: str = "trainer") -> Person:
    return create_account(store, name, login=login, password=password, role=role, by=who)


def set_account_active(store: Any, who: Principal, person_id: int, active: bool) -> Person:
    """Switch a trainer or admin account off (it can no longer sign in) or on again."""
    require(who, "manage", ACCOUNTS)
    if person_id == who.id and not active:
        raise PermissionDeniedError("You cannot switch off your own account: ask another admin.")
    return store.set_account(person_id, active=active)


def reset_pin(store: Any, who: Principal, person_id: int, new_pin: str) -> None:
    """A trainer sets a new PIN for a participant of their cohort (or an admin for anyone)."""
    reset_password(store, who, person_id, new_pin)


def check_upload_quota(store: Any, who: Principal, settings: Any, *, now: datetime | None = None) -> None:
    """QuotaError when a self-learner has already had ``settings.self_study_daily_uploads`` recordings
    analysed in the last 24 hours (self-study sign-up is open to anyone: this keeps one visitor from
    filling the server). Trainers' cohorts have no cap; 0 means no cap."""
    from .auth import SELF_STUDY_COHORT

    limit = int(getattr(settings, "self_study_daily_uploads", 0) or 0)
    if limit <= 0 or who.role != "participant" or not who.member_of:
        return
    mine = {c.id for c in store.cohorts_of(who.id, role="participant") if c.code == SELF_STUDY_COHORT}
    if not mine:
        return
    since = (now or datetime.now(UTC)) - timedelta(days=1)
    used = sum(store.count_attempts_since(who.id, since, cohort_id=c) for c in mine)
    if used >= limit:
        raise QuotaError(f"{who.name} has had {used} recordings analysed in the last 24 hours, the self-study "
                         f"limit ({limit}, WICARA_SELF_STUDY_DAILY_UPLOADS): try again tomorrow.", limit=limit)
