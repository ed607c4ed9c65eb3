"""A cohort's roster from a CSV of names: participants are added without a PIN, then each gets a first
PIN (:func:`coach.workspace.auth.issue_first_pins`) to hand out once.

The file: UTF-8 with or without a BOM, ``,`` or ``;`` separated, a header row with a ``nama`` or
``name`` column and optionally ``email``. A name already in the cohort, or twice in the file (after
trimming spaces and ignoring case, as sign-in does), is skipped and reported. The email is not stored
(people have no email field); it is carried into the PIN list so the trainer can send each PIN.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ..errors import CohortArchivedError, StoreError, WicaraError
from ..store.people import person_key
from .auth import Principal, cohort_resource, issue_first_pins, require

__all__ = ["RosterError", "RosterImport", "RosterRow", "import_roster", "parse_roster", "pins_csv"]

NAME_HEADERS = ("nama", "name")
EMAIL_HEADERS = ("email", "e-mail", "surel")
MAX_BYTES = 1_000_000


class RosterError(WicaraError):
    """The roster file cannot be read as a list of names."""


@dataclass(frozen=True)
class RosterRow:
    name: str
    email: str = ""


@dataclass
class RosterImport:
    """What an import did: who was added, who was skipped (and why), and the first PINs made now."""

    added: list[RosterRow] = field(default_factory=list)
    skipped: list[tuple[RosterRow, str]] = field(default_factory=list)  # (row, "in_cohort" | "in_file" | "unusable")
    pins: list[tuple[str, str, str]] = field(default_factory=list)  # (name, email, PIN)


def parse_roster(data: bytes) -> list[RosterRow]:
    """The rows of a roster CSV, in file order; RosterError naming what is wrong with the file."""
    if len(data) > MAX_BYTES:
        raise RosterError("The roster file is over 1 MB: a list of names is much smaller.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RosterError("The roster file is not UTF-8 text: save it as 'CSV UTF-8'.") from e
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise RosterError("The roster file is empty.")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [h.strip().casefold() for h in next(reader)]
    name_col = next((i for i, h in enumerate(header) if h in NAME_HEADERS), None)
    if name_col is None:
        raise RosterError("The roster file needs a header row with a 'nama' (or 'name') column.")
    email_col = next((i for i, h in enumerate(header) if h in EMAIL_HEADERS), None)
    rows = []
    for cells in reader:
        name = " ".join(cells[name_col].split()) if name_col < len(cells) else ""
        email = cells[email_col].strip() if email_col is not None and email_col < len(cells) else ""
        if name:
            rows.append(RosterRow(name, email))
    return rows


def import_roster(store: Any, by: Principal | None, cohort_id: int, data: bytes) -> RosterImport:
    """Add the file's participants to the cohort and make their first PINs (the cohort's trainer or an
    admin; None only for trusted callers, the CLI). PINs are made for every PIN-less participant."""
    if by is not None:
        require(by, "import", cohort_resource(cohort_id))
        require(by, "manage", cohort_resource(cohort_id))
    cohort = store.get_cohort_by_id(cohort_id)
    if cohort.archived:
        raise CohortArchivedError(f"The cohort {cohort.code!r} is archived: restore it before adding participants.")
    rows = parse_roster(data)
    existing = {person_key(p.name)[1] for p in store.cohort_people(cohort_id)}
    result, seen, emails = RosterImport(), set(), {}
    for row in rows:
        key = person_key(row.name)[1]
        if key in existing:
            result.skipped.append((row, "in_cohort"))
            continue
        if key in seen:
            result.skipped.append((row, "in_file"))
            continue
        try:
            store.add_participant(cohort_id, row.name, password_hash=None)
        except StoreError:
            result.skipped.append((row, "in_cohort" if store.participant_credentials(cohort_id, row.name)
                                   else "unusable"))
            continue
        seen.add(key)
        emails[key] = row.email
        result.added.append(row)
    result.pins = [(p.name, emails.get(person_key(p.name)[1], ""), pin)
                   for p, pin in issue_first_pins(store, by, cohort_id)]
    return result


def pins_csv(pins: list[tuple[str, str, str]], *, lang: str = "id") -> bytes:
    """The PIN list to hand out, for spreadsheets: UTF-8 with a BOM, ``;`` separated."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["nama", "email", "PIN"] if lang == "id" else ["name", "email", "PIN"])
    writer.writerows(pins)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
