"""What whoever runs the server does from the ``wicara`` command: accounts, cohorts by code, the queue.

The CLI is trusted (it reaches the database and the recordings anyway), so these take no principal; it
calls them, and the workspace's other use cases with ``by=None`` (:func:`coach.workspace.auth.create_account`,
:func:`coach.workspace.auth.issue_first_pins`), never the store itself.
"""

from __future__ import annotations

from typing import Any

from ..errors import AuthError
from ..store.jobs import JobStatus
from ..store.types import Cohort, Person
from .attempts import open_store
from .auth import create_account
from .passwords import MIN_PASSWORD_CHARS, hash_password

__all__ = ["add_account", "cohort", "list_accounts", "open_store", "queue_counts", "running_jobs", "set_password"]


def add_account(store: Any, name: str, *, login: str, password: str, as_admin: bool) -> tuple[Person, bool]:
    """A trainer account, or an admin one (``as_admin``, or when there is no admin yet: the first account
    runs the others). Returns ``(account, whether it is the first admin)``."""
    first = store.count_accounts(role="admin") == 0
    role = "admin" if as_admin or first else "trainer"
    return create_account(store, name, login=login, password=password, role=role), first


def set_password(store: Any, login: str, password: str) -> Person:
    """A new password for the account ``login`` (a forgotten admin password, say)."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise AuthError(f"A password needs at least {MIN_PASSWORD_CHARS} characters.")
    found = store.login_credentials(login)
    if found is None:
        raise AuthError(f"No account with login {login!r}: see `wicara admin list`.")
    store.set_password_hash(found[0].id, hash_password(password))
    return found[0]


def list_accounts(store: Any) -> list[Person]:
    """Every trainer and admin account, by name."""
    return store.list_accounts()


def cohort(store: Any, code: str) -> Cohort:
    """The cohort with this code; StoreError listing the known codes if there is none."""
    return store.get_cohort(code)


def queue_counts(store: Any) -> dict[str, int]:
    """How many analyses are queued, running, done and failed."""
    return store.queue_counts()


def running_jobs(store: Any) -> list[JobStatus]:
    """Every running analysis, oldest first."""
    return store.running_jobs()
