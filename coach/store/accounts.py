"""Store methods for accounts, cohorts and join codes (mixed into :class:`coach.store.database.Store`).

Passwords never reach this module: :mod:`coach.workspace.auth` hashes them and hands over the hash. Trainers
and admins have a ``login``; participants are known by their name within a cohort and sign in with
that cohort's join code and their own PIN. A trainer's link to a cohort is a membership with role
"trainer" whose ``name_key`` is "@" + login, so it never clashes with a participant's name.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import StoreError
from .schema import ROLES, CohortRow, MembershipRow, PersonRow
from .types import Cohort, Person, person_from_row

__all__ = ["JOIN_CODE_ALPHABET", "AccountsMixin", "normalise_join_code", "normalise_login", "person_key"]

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud in a workshop
JOIN_CODE_LENGTH = 6  # 32**6 ≈ 10**9 codes; a wrong guess also needs a participant's PIN
_LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._@+-]{1,99}$")


def normalise_login(login: str) -> str:
    """A login as stored: trimmed and casefolded; StoreError if it has unusual characters."""
    value = str(login).strip().casefold()
    if not _LOGIN_RE.match(value):
        raise StoreError(f"Unusable login {login!r}: use 2–100 letters, digits or . _ @ + - "
                         "(an e-mail address works), starting with a letter or digit.")
    return value


def normalise_join_code(code: str) -> str:
    """Join codes are typed by hand: spaces and dashes are ignored, case too."""
    return re.sub(r"[\s-]+", "", str(code)).upper()


def person_key(name: str) -> tuple[str, str]:
    """``(display name, key)``: spaces collapsed; the key is casefolded, so "budi " is "Budi"."""
    display = " ".join(str(name).split())
    return display, display.casefold()


def _cohort(row: CohortRow) -> Cohort:
    return Cohort(id=row.id, code=row.code, name=row.name, join_code=row.join_code)


class AccountsMixin:
    """Accounts, cohorts and memberships. Relies on ``Store._session`` and ``Store._get_or_add``."""

    _session: Callable[[str], AbstractContextManager[Session]]
    _get_or_add: Callable[..., Any]

    # ------------------------------------------------------------------ accounts
    def get_person(self, person_id: int) -> Person:
        """The person with this id; StoreError if there is none."""
        with self._session("reading a person") as s:
            if (row := s.get(PersonRow, person_id)) is None:
                raise StoreError(f"No person with id {person_id}: the account may have been removed.")
            return person_from_row(row)

    def count_accounts(self, *, role: str | None = None) -> int:
        """How many sign-in accounts (people with a login) there are, optionally of one role."""
        query = select(func.count()).select_from(PersonRow).where(PersonRow.login.is_not(None))
        if role is not None:
            query = query.where(PersonRow.role == role)
        with self._session("counting accounts") as s:
            return int(s.scalar(query) or 0)

    def add_account(self, name: str, *, login: str, role: str, password_hash: str) -> Person:
        """A new trainer or admin account; StoreError if the login is taken."""
        display, _ = person_key(name)
        key = normalise_login(login)
        if not display:
            raise StoreError("An account needs a name, for example 'Ani Wijaya'.")
        if role not in ("trainer", "admin"):
            raise StoreError(f"Accounts are for trainers and admins, not {role!r}.")
        with self._session("creating an account") as s:
            row = PersonRow(name=display, role=role, login=key, password_hash=password_hash, active=True)
            s.add(row)
            try:
                s.commit()
            except IntegrityError as e:
                raise StoreError(f"The login {key!r} is already taken: choose another.") from e
            return person_from_row(row)

    def list_accounts(self) -> list[Person]:
        """Every trainer and admin account, by name."""
        with self._session("listing accounts") as s:
            return [person_from_row(r) for r in s.scalars(
                select(PersonRow).where(PersonRow.login.is_not(None)).order_by(PersonRow.name, PersonRow.id))]

    def login_credentials(self, login: str) -> tuple[Person, str | None] | None:
        """``(account, password hash)`` for a login, or None when there is no such account."""
        try:
            key = normalise_login(login)
        except StoreError:
            return None
        with self._session("signing in") as s:
            row = s.scalar(select(PersonRow).where(PersonRow.login == key))
            return None if row is None else (person_from_row(row), row.password_hash)

    def password_hash(self, person_id: int) -> str | None:
        """The stored password (or PIN) hash of a person; None if none is set."""
        with self._session("signing in") as s:
            return s.scalar(select(PersonRow.password_hash).where(PersonRow.id == person_id))

    def set_password_hash(self, person_id: int, password_hash: str | None) -> None:
        """Replace a person's password (or PIN) hash."""
        with self._session("changing a password") as s:
            if (row := s.get(PersonRow, person_id)) is None:
                raise StoreError(f"No person with id {person_id}.")
            row.password_hash = password_hash
            s.commit()

    def set_account(self, person_id: int, *, active: bool | None = None, role: str | None = None) -> Person:
        """Switch an account on or off, or change its role (trainer ↔ admin)."""
        if role is not None and role not in ROLES:
            raise StoreError(f"Unknown role {role!r}: expected one of {', '.join(ROLES)}.")
        with self._session("changing an account") as s:
            if (row := s.get(PersonRow, person_id)) is None:
                raise StoreError(f"No person with id {person_id}.")
            if active is not None:
                row.active = bool(active)
            if role is not None:
                row.role = role
            s.commit()
            return person_from_row(row)

    # ------------------------------------------------------------------ cohorts
    def get_cohort(self, code: str) -> Cohort:
        """The cohort with this code; StoreError (listing what exists) if there is none."""
        code = str(code).strip()
        with self._session("reading a cohort") as s:
            row = s.scalar(select(CohortRow).where(CohortRow.code == code))
            if row is None:
                known = ", ".join(s.scalars(select(CohortRow.code).order_by(CohortRow.code).limit(10)))
                raise StoreError(f"No cohort with code {code!r}" + (f" (known: {known})." if known else ".")
                                 + " Create it first.")
            return _cohort(row)

    def get_cohort_by_id(self, cohort_id: int) -> Cohort:
        with self._session("reading a cohort") as s:
            if (row := s.get(CohortRow, cohort_id)) is None:
                raise StoreError(f"No cohort with id {cohort_id}: it may have been deleted.")
            return _cohort(row)

    def create_cohort(self, code: str, name: str | None = None, *, trainer_id: int | None = None,
                      open_to_join: bool = True) -> Cohort:
        """A new cohort (StoreError if the code exists) with a fresh join code, run by ``trainer_id``."""
        code = str(code).strip()
        if not code or len(code) > 64:
            raise StoreError("A cohort code of 1–64 characters is needed, for example 'JKT-2025-03'.")
        for _ in range(5):  # a join code collision is a one-in-a-billion event; retry it
            with self._session("creating a cohort") as s:
                if s.scalar(select(CohortRow.id).where(CohortRow.code == code)) is not None:
                    raise StoreError(f"A cohort with code {code!r} already exists: choose another code.")
                row = CohortRow(code=code, name=(name or "").strip() or code,
                                join_code=self._new_join_code() if open_to_join else None)
                s.add(row)
                try:
                    s.commit()
                except IntegrityError:
                    continue
            cohort = _cohort(row)
            if trainer_id is not None:
                self.add_trainer_to_cohort(cohort.id, trainer_id)
            return cohort
        raise StoreError("Could not create the cohort; try again.")

    @staticmethod
    def _new_join_code() -> str:
        return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))

    def set_join_code(self, cohort_id: int, *, open_to_join: bool = True) -> Cohort:
        """A fresh join code (the old one stops working), or none to close joining."""
        for _ in range(5):
            with self._session("changing a join code") as s:
                if (row := s.get(CohortRow, cohort_id)) is None:
                    raise StoreError(f"No cohort with id {cohort_id}.")
                row.join_code = self._new_join_code() if open_to_join else None
                try:
                    s.commit()
                except IntegrityError:
                    continue
                return _cohort(row)
        raise StoreError("Could not make a new join code; try again.")

    def cohort_by_join_code(self, join_code: str) -> Cohort | None:
        """The cohort a participant joins with this code, or None."""
        code = normalise_join_code(join_code)
        if not code:
            return None
        with self._session("looking up a join code") as s:
            row = s.scalar(select(CohortRow).where(CohortRow.join_code == code))
            return None if row is None else _cohort(row)

    # ------------------------------------------------------------------ memberships
    def add_trainer_to_cohort(self, cohort_id: int, person_id: int) -> None:
        """Let a trainer account see and run the cohort (a no-op if it already does)."""
        with self._session("adding a trainer to a cohort") as s:
            person = s.get(PersonRow, person_id)
            if person is None or person.role not in ("trainer", "admin"):
                raise StoreError(f"Person {person_id} is not a trainer account.")
            if s.get(CohortRow, cohort_id) is None:
                raise StoreError(f"No cohort with id {cohort_id}.")
            if s.get(MembershipRow, (person_id, cohort_id)) is None:
                s.add(MembershipRow(person_id=person_id, cohort_id=cohort_id, role="trainer",
                                    name_key=f"@{person.login or person.id}"))
                try:
                    s.commit()
                except IntegrityError:  # added by someone else at the same moment
                    s.rollback()

    def remove_from_cohort(self, cohort_id: int, person_id: int) -> None:
        """End a membership (a trainer's or a participant's); their attempts stay."""
        with self._session("removing a membership") as s:
            if (row := s.get(MembershipRow, (person_id, cohort_id))) is not None:
                s.delete(row)
                s.commit()

    def memberships(self, person_id: int) -> dict[int, str]:
        """``{cohort id: role in it}`` for one person ("participant" or "trainer")."""
        with self._session("reading memberships") as s:
            return {cohort_id: role for cohort_id, role in s.execute(
                select(MembershipRow.cohort_id, MembershipRow.role).where(MembershipRow.person_id == person_id))}

    def cohorts_of(self, person_id: int, *, role: str | None = None) -> list[Cohort]:
        """The cohorts a person belongs to (as ``role`` if given), by code."""
        query = select(CohortRow).join(MembershipRow).where(MembershipRow.person_id == person_id)
        if role is not None:
            query = query.where(MembershipRow.role == role)
        with self._session("listing a person's cohorts") as s:
            return [_cohort(r) for r in s.scalars(query.order_by(CohortRow.code))]

    def cohort_people(self, cohort_id: int, *, role: str = "participant") -> list[Person]:
        """Members of a cohort with one role, by name."""
        with self._session("listing a cohort") as s:
            return [person_from_row(r) for r in s.scalars(
                select(PersonRow).join(MembershipRow).where(MembershipRow.cohort_id == cohort_id,
                                                            MembershipRow.role == role)
                .order_by(MembershipRow.name_key, PersonRow.id))]

    def participant_credentials(self, cohort_id: int, name: str) -> tuple[Person, str | None] | None:
        """``(participant, PIN hash)`` for a name in a cohort, or None when nobody has that name."""
        _, key = person_key(name)
        with self._session("signing in") as s:
            row = s.scalar(select(PersonRow).join(MembershipRow).where(
                MembershipRow.cohort_id == cohort_id, MembershipRow.name_key == key,
                MembershipRow.role == "participant"))
            return None if row is None else (person_from_row(row), row.password_hash)

    def add_participant(self, cohort_id: int, name: str, *, password_hash: str | None) -> Person:
        """A new participant in the cohort; StoreError if the name is taken there."""
        display, key = person_key(name)
        if not display or display.startswith("@") or len(display) > 200:
            raise StoreError("A name of 1–200 characters, not starting with '@', is needed.")
        with self._session("adding a participant") as s:
            if s.get(CohortRow, cohort_id) is None:
                raise StoreError(f"No cohort with id {cohort_id}.")
            person = PersonRow(name=display, role="participant", password_hash=password_hash)
            s.add(person)
            s.flush()
            s.add(MembershipRow(person_id=person.id, cohort_id=cohort_id, name_key=key, role="participant"))
            try:
                s.commit()
            except IntegrityError as e:
                raise StoreError(f"The name {display!r} is already taken in this cohort.") from e
            return person_from_row(person)
