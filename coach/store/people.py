"""People and cohorts: cohorts and their join codes, participants known by name within a cohort, and
memberships (who practises in, or runs, which cohort).

A trainer's link to a cohort is a membership with role "trainer" whose ``name_key`` is "@" + login, so
it never clashes with a participant's name. Trainer and admin accounts (logins, passwords) are
:mod:`coach.store.accounts`.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import StoreError
from .db import Database, required
from .schema import ROLES, CohortRow, MembershipRow, PersonRow
from .types import Cohort, Person, person_from_row

__all__ = ["JOIN_CODE_ALPHABET", "PeopleRepository", "check_participant_name", "normalise_join_code", "person_key"]

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud in a workshop
JOIN_CODE_LENGTH = 6  # 32**6 ≈ 10**9 codes; a wrong guess also needs a participant's PIN


def normalise_join_code(code: str) -> str:
    """Join codes are typed by hand: spaces and dashes are ignored, case too."""
    return re.sub(r"[\s-]+", "", str(code)).upper()


def person_key(name: str) -> tuple[str, str]:
    """``(display name, key)``: spaces collapsed; the key is casefolded, so "budi " is "Budi"."""
    display = " ".join(str(name).split())
    return display, display.casefold()


def check_participant_name(display: str) -> None:
    # "@…" is how a trainer's membership is keyed: a name like that could pass for one.
    if not display or display.startswith("@") or len(display) > 200:
        raise StoreError(f"Unusable participant name {display!r}: 1–200 characters, not starting with '@'.")


def _cohort(row: CohortRow) -> Cohort:
    return Cohort(id=row.id, code=row.code, name=row.name, join_code=row.join_code,
                  archived=row.archived_at is not None)


def _new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _add_member(s: Session, person: PersonRow, cohort_id: int, key: str, role: str) -> None:
    s.add(person)
    s.flush()
    s.add(MembershipRow(person_id=person.id, cohort_id=cohort_id, name_key=key, role=role))


class PeopleRepository:
    """Cohorts, people and memberships."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ people
    def get_person(self, person_id: int) -> Person:
        """The person with this id; StoreError if there is none."""
        with self._db.session("reading a person") as s:
            return person_from_row(required(s, PersonRow, person_id, ": the account may have been removed."))

    def get_or_create_person(self, name: str, *, cohort_code: str, role: str = "participant") -> Person:
        """The person called ``name`` in the cohort, created (with the cohort) when missing.

        Names are unique in a cohort, trimmed and case-insensitive: "budi " is "Budi". ``role``
        applies only to a new person.
        """
        display, key = person_key(name)
        if not display:
            raise StoreError("A name is needed to keep your attempts.")
        if role == "participant":
            check_participant_name(display)
        if role not in ROLES:
            raise StoreError(f"Unknown role {role!r}: expected one of {', '.join(ROLES)}.")
        cohort = self.get_or_create_cohort(cohort_code)

        def make(s: Session) -> PersonRow:
            person = PersonRow(name=display, role=role)
            _add_member(s, person, cohort.id, key, "participant" if role == "participant" else "trainer")
            return person

        row = self._db.get_or_add("looking up a person", lambda s: s.scalar(select(PersonRow).join(MembershipRow).where(
            MembershipRow.cohort_id == cohort.id, MembershipRow.name_key == key)), make)
        return person_from_row(row)

    def people_in_cohort(self, code: str) -> list[Person]:
        """Members of the cohort, by name; empty if there is no such cohort."""
        with self._db.session("listing a cohort") as s:
            return [person_from_row(r) for r in s.scalars(
                select(PersonRow).join(MembershipRow).join(CohortRow).where(CohortRow.code == str(code).strip())
                .order_by(MembershipRow.name_key, PersonRow.id))]

    def find_or_add_participant(self, s: Session, cohort_id: int, name: str) -> PersonRow:
        """The cohort's participant with this name, or a new one without a PIN, in the caller's transaction."""
        display, key = person_key(name)
        check_participant_name(display)
        required(s, CohortRow, cohort_id, ".")
        found = s.scalar(select(PersonRow).join(MembershipRow).where(
            MembershipRow.cohort_id == cohort_id, MembershipRow.name_key == key, MembershipRow.role == "participant"))
        if found is not None:
            return found
        new = PersonRow(name=display, role="participant")
        _add_member(s, new, cohort_id, key, "participant")
        return new

    def participant_credentials(self, cohort_id: int, name: str) -> tuple[Person, str | None] | None:
        """``(participant, PIN hash)`` for a name in a cohort, or None when nobody has that name."""
        _, key = person_key(name)
        with self._db.session("signing in") as s:
            row = s.scalar(select(PersonRow).join(MembershipRow).where(
                MembershipRow.cohort_id == cohort_id, MembershipRow.name_key == key,
                MembershipRow.role == "participant"))
            return None if row is None else (person_from_row(row), row.password_hash)

    def add_participant(self, cohort_id: int, name: str, *, password_hash: str | None) -> Person:
        """A new participant in the cohort; StoreError if the name is taken there."""
        display, key = person_key(name)
        if not display or display.startswith("@") or len(display) > 200:
            raise StoreError("A name of 1–200 characters, not starting with '@', is needed.")
        with self._db.session("adding a participant") as s:
            required(s, CohortRow, cohort_id, ".")
            person = PersonRow(name=display, role="participant", password_hash=password_hash)
            _add_member(s, person, cohort_id, key, "participant")
            try:
                s.commit()
            except IntegrityError as e:
                raise StoreError(f"The name {display!r} is already taken in this cohort.") from e
            return person_from_row(person)

    # ------------------------------------------------------------------ cohorts
    def get_or_create_cohort(self, code: str, name: str | None = None) -> Cohort:
        """The cohort with this code (trimmed), created with ``name`` (default: the code) if new."""
        code = str(code).strip()
        if not code:
            raise StoreError("A cohort code is needed, for example 'DEMO'.")
        row = self._db.get_or_add("looking up a cohort", lambda s: s.scalar(select(CohortRow).where(
            CohortRow.code == code)), lambda s: CohortRow(code=code, name=(name or "").strip() or code))
        return _cohort(row)

    def list_cohorts(self) -> list[Cohort]:
        """Every cohort, by code."""
        with self._db.session("listing cohorts") as s:
            return [_cohort(r) for r in s.scalars(select(CohortRow).order_by(CohortRow.code))]

    def get_cohort(self, code: str) -> Cohort:
        """The cohort with this code; StoreError (listing what exists) if there is none."""
        code = str(code).strip()
        with self._db.session("reading a cohort") as s:
            row = s.scalar(select(CohortRow).where(CohortRow.code == code))
            if row is None:
                known = ", ".join(s.scalars(select(CohortRow.code).order_by(CohortRow.code).limit(10)))
                raise StoreError(f"No cohort with code {code!r}" + (f" (known: {known})." if known else ".")
                                 + " Create it first.")
            return _cohort(row)

    def get_cohort_by_id(self, cohort_id: int) -> Cohort:
        with self._db.session("reading a cohort") as s:
            return _cohort(required(s, CohortRow, cohort_id))

    def create_cohort(self, code: str, name: str | None = None, *, trainer_id: int | None = None,
                      open_to_join: bool = True) -> Cohort:
        """A new cohort (StoreError if the code exists) with a fresh join code, run by ``trainer_id``."""
        code = str(code).strip()
        if not code or len(code) > 64:
            raise StoreError("A cohort code of 1–64 characters is needed, for example 'JKT-2025-03'.")
        for _ in range(5):  # a join code collision is a one-in-a-billion event; retry it
            with self._db.session("creating a cohort") as s:
                if s.scalar(select(CohortRow.id).where(CohortRow.code == code)) is not None:
                    raise StoreError(f"A cohort with code {code!r} already exists: choose another code.")
                row = CohortRow(code=code, name=(name or "").strip() or code,
                                join_code=_new_join_code() if open_to_join else None)
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

    def set_join_code(self, cohort_id: int, *, open_to_join: bool = True) -> Cohort:
        """A fresh join code (the old one stops working), or none to close joining."""
        for _ in range(5):
            with self._db.session("changing a join code") as s:
                row = required(s, CohortRow, cohort_id, ".")
                row.join_code = _new_join_code() if open_to_join else None
                try:
                    s.commit()
                except IntegrityError:
                    continue
                return _cohort(row)
        raise StoreError("Could not make a new join code; try again.")

    def set_cohort_archived(self, cohort_id: int, archived: bool) -> Cohort:
        """Archive the cohort (keeping when it was first archived) or restore it."""
        with self._db.session("archiving a cohort") as s:
            row = required(s, CohortRow, cohort_id, ".")
            if not archived:
                row.archived_at = None
            elif row.archived_at is None:
                row.archived_at = datetime.now(UTC)
            s.commit()
            return _cohort(row)

    def cohort_by_join_code(self, join_code: str) -> Cohort | None:
        """The cohort a participant joins with this code, or None."""
        code = normalise_join_code(join_code)
        if not code:
            return None
        with self._db.session("looking up a join code") as s:
            row = s.scalar(select(CohortRow).where(CohortRow.join_code == code))
            return None if row is None else _cohort(row)

    # ------------------------------------------------------------------ memberships
    def add_trainer_to_cohort(self, cohort_id: int, person_id: int) -> None:
        """Let a trainer account see and run the cohort (a no-op if it already does)."""
        with self._db.session("adding a trainer to a cohort") as s:
            person = s.get(PersonRow, person_id)
            if person is None or person.role not in ("trainer", "admin"):
                raise StoreError(f"Person {person_id} is not a trainer account.")
            required(s, CohortRow, cohort_id, ".")
            if s.get(MembershipRow, (person_id, cohort_id)) is None:
                s.add(MembershipRow(person_id=person_id, cohort_id=cohort_id, role="trainer",
                                    name_key=f"@{person.login or person.id}"))
                try:
                    s.commit()
                except IntegrityError:  # added by someone else at the same moment
                    s.rollback()

    def remove_from_cohort(self, cohort_id: int, person_id: int) -> None:
        """End a membership (a trainer's or a participant's); their attempts stay."""
        with self._db.session("removing a membership") as s:
            if (row := s.get(MembershipRow, (person_id, cohort_id))) is not None:
                s.delete(row)
                s.commit()

    def memberships(self, person_id: int) -> dict[int, str]:
        """``{cohort id: role in it}`` for one person ("participant" or "trainer")."""
        with self._db.session("reading memberships") as s:
            return {cohort_id: role for cohort_id, role in s.execute(
                select(MembershipRow.cohort_id, MembershipRow.role).where(MembershipRow.person_id == person_id))}

    def cohorts_of(self, person_id: int, *, role: str | None = None) -> list[Cohort]:
        """The cohorts a person belongs to (as ``role`` if given), by code."""
        query = select(CohortRow).join(MembershipRow).where(MembershipRow.person_id == person_id)
        if role is not None:
            query = query.where(MembershipRow.role == role)
        with self._db.session("listing a person's cohorts") as s:
            return [_cohort(r) for r in s.scalars(query.order_by(CohortRow.code))]

    def cohort_people(self, cohort_id: int, *, role: str = "participant") -> list[Person]:
        """Members of a cohort with one role, by name."""
        with self._db.session("listing a cohort") as s:
            return [person_from_row(r) for r in s.scalars(
                select(PersonRow).join(MembershipRow).where(MembershipRow.cohort_id == cohort_id,
                                                            MembershipRow.role == role)
                .order_by(MembershipRow.name_key, PersonRow.id))]
