"""Trainer and admin accounts: their login, password hash, role and whether they are switched on.

Passwords never reach this module: :mod:`coach.workspace.auth` hashes them and hands over the hash.
Trainers and admins have a ``login``; participants (:mod:`coach.store.people`) are known by their name
within a cohort and sign in with that cohort's join code and their own PIN, whose hash is kept here too.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..errors import StoreError
from .db import Database, required
from .people import person_key
from .schema import ROLES, PersonRow
from .types import Person, person_from_row

__all__ = ["AccountsRepository", "normalise_login"]

_LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._@+-]{1,99}$")


def normalise_login(login: str) -> str:
    """A login as stored: trimmed and casefolded; StoreError if it has unusual characters."""
    value = str(login).strip().casefold()
    if not _LOGIN_RE.match(value):
        raise StoreError(f"Unusable login {login!r}: use 2–100 letters, digits or . _ @ + - "
                         "(an e-mail address works), starting with a letter or digit.")
    return value


class AccountsRepository:
    """Sign-in accounts and everyone's password (or PIN) hash."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def count_accounts(self, *, role: str | None = None) -> int:
        """How many sign-in accounts (people with a login) there are, optionally of one role."""
        query = select(func.count()).select_from(PersonRow).where(PersonRow.login.is_not(None))
        if role is not None:
            query = query.where(PersonRow.role == role)
        with self._db.session("counting accounts") as s:
            return int(s.scalar(query) or 0)

    def add_account(self, name: str, *, login: str, role: str, password_hash: str) -> Person:
        """A new trainer or admin account; StoreError if the login is taken."""
        display, _ = person_key(name)
        key = normalise_login(login)
        if not display:
            raise StoreError("An account needs a name, for example 'Ani Wijaya'.")
        if role not in ("trainer", "admin"):
            raise StoreError(f"Accounts are for trainers and admins, not {role!r}.")
        with self._db.session("creating an account") as s:
            row = PersonRow(name=display, role=role, login=key, password_hash=password_hash, active=True)
            s.add(row)
            try:
                s.commit()
            except IntegrityError as e:
                raise StoreError(f"The login {key!r} is already taken: choose another.") from e
            return person_from_row(row)

    def list_accounts(self) -> list[Person]:
        """Every trainer and admin account, by name."""
        with self._db.session("listing accounts") as s:
            return [person_from_row(r) for r in s.scalars(
                select(PersonRow).where(PersonRow.login.is_not(None)).order_by(PersonRow.name, PersonRow.id))]

    def login_credentials(self, login: str) -> tuple[Person, str | None] | None:
        """``(account, password hash)`` for a login, or None when there is no such account."""
        try:
            key = normalise_login(login)
        except StoreError:
            return None
        with self._db.session("signing in") as s:
            row = s.scalar(select(PersonRow).where(PersonRow.login == key))
            return None if row is None else (person_from_row(row), row.password_hash)

    def password_hash(self, person_id: int) -> str | None:
        """The stored password (or PIN) hash of a person; None if none is set."""
        with self._db.session("signing in") as s:
            return s.scalar(select(PersonRow.password_hash).where(PersonRow.id == person_id))

    def set_password_hash(self, person_id: int, password_hash: str | None) -> None:
        """Replace a person's password (or PIN) hash."""
        with self._db.session("changing a password") as s:
            required(s, PersonRow, person_id, ".").password_hash = password_hash
            s.commit()

    def set_account(self, person_id: int, *, active: bool | None = None, role: str | None = None) -> Person:
        """Switch an account on or off, or change its role (trainer ↔ admin)."""
        if role is not None and role not in ROLES:
            raise StoreError(f"Unknown role {role!r}: expected one of {', '.join(ROLES)}.")
        with self._db.session("changing an account") as s:
            row = required(s, PersonRow, person_id, ".")
            if active is not None:
                row.active = bool(active)
            if role is not None:
                row.role = role
            s.commit()
            return person_from_row(row)
