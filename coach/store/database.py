"""Storage: people, cohorts, attempts and trainer comments, in SQLite or PostgreSQL.

All SQLAlchemy code lives here and in its helpers: the tables in ``schema.py``, the dataclasses
it hands out in ``types.py``, and the trainer workspace's methods, mixed into :class:`Store`, in
``accounts.py`` (accounts, cohorts, join codes), ``review.py`` (review queue, comments,
score overrides, assignments) and ``cohort.py`` (the cohort dashboard's aggregate queries).
The Alembic migrations in ``coach/store/migrations`` bring the schema up to date when a :class:`Store`
opens. Recordings are files under ``audio_dir`` named by their SHA-256 (one file however often
saved), synced before their row is committed; ``sweep_orphans`` removes unused ones.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, load_only, sessionmaker
from sqlalchemy.pool import StaticPool

from ..errors import StoreError
from .accounts import AccountsMixin
from .cohort import CohortQueriesMixin
from .jobs import JobsMixin
from .review import ReviewMixin
from .security import SecurityMixin
from .schema import (  # noqa: F401
    REVIEW_STATES,
    ROLES,
    SCORE_DIMENSIONS,
    AssignmentRow,
    AttemptRow,
    Base,
    CohortRow,
    CommentRow,
    ExerciseRow,
    MembershipRow,
    PersonRow,
    ScoreOverrideRow,
    utc,
)

# (the rows and Base stay importable from here: the migrations' env.py and older code use coach.store.database)
from .types import (
    Assignment,
    AssignmentStatus,
    Attempt,
    AttemptSummary,
    Cohort,
    Comment,
    Feedback,
    Override,
    Person,
    QueueItem,
    person_from_row,
)
from .types import summary_fields as _summary_fields

__all__ = ["REVIEW_STATES", "ROLES", "SCORE_DIMENSIONS", "Assignment", "AssignmentStatus", "Attempt", "AttemptSummary",
           "Cohort", "Comment", "Feedback", "Override", "Person", "QueueItem", "Store"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_SUFFIX_RE = re.compile(r"^\.?[A-Za-z0-9]{1,12}$")
_AUDIO_NAME_RE = re.compile(r"^[0-9a-f]{64}(\.[a-z0-9]{1,12})?$")
_TMP_PREFIX = ".tmp-"
_TMP_MAX_AGE_S = 3600.0  # a temp file this old belongs to a save that crashed
_PG_MIGRATION_LOCK = 0x57494341  # "WICA": serialises migrations of processes starting together
_SQLITE_BUSY_TIMEOUT_MS = 30_000
_utc = utc


def _write_durably(folder: Path, path: Path, data: bytes) -> None:
    """Write through a synced temp file renamed into place, then sync the folder: all or nothing."""
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # POSIX: the rename is durable only once the folder is synced
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) readable by this user only: recordings and names are personal."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path in missing:
        os.chmod(path, 0o700)


def _private_file(path: Path) -> None:
    """The SQLite file, created 0600 before SQLite opens it: its -wal and -shm files copy that mode."""
    _private_dir(path.parent)
    # Never open an existing database file ourselves: closing any descriptor of it drops every
    # POSIX lock this process holds on it, under SQLite's feet ("disk I/O error" in the app's worker).
    if not path.exists():
        try:
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:  # another store created it meanwhile
            pass
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)


class _Default:
    """Marker: no cohort given, take the person's own."""


def _default_cohort(s: Session, person_id: int) -> int | None:
    cohorts = s.scalars(select(MembershipRow.cohort_id).where(MembershipRow.person_id == person_id,
                                                              MembershipRow.role == "participant")).all()
    return cohorts[0] if len(cohorts) == 1 else None


def _check_participant_name(display: str) -> None:
    # "@…" is how a trainer's membership is keyed (store/accounts.py): a name like that could pass for one.
    if not display or display.startswith("@") or len(display) > 200:
        raise StoreError(f"Unusable participant name {display!r}: 1–200 characters, not starting with '@'.")


def _write_new(folder: Path, path: Path, data: bytes) -> bool:
    """Write ``path`` durably unless a complete copy is already there; True if this call wrote it."""
    if path.is_file() and path.stat().st_size == len(data):
        return False
    _write_durably(folder, path, data)
    return True


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while one user saves; the busy timeout makes concurrent writers wait
    # instead of failing at once; SQLite ignores foreign keys unless asked.
    for pragma in (f"busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}", "journal_mode = WAL", "foreign_keys = ON"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as e:  # not even shaped like a URL
        raise StoreError(f"Invalid database URL {url!r}: expected sqlite:///path/to/wicara.db or "
                         "postgresql+psycopg://user@host:5432/db. Check WICARA_DATABASE_URL.") from e
    backend, safe = parsed.get_backend_name(), parsed.render_as_string(hide_password=True)
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
        if parsed.database in (None, "", ":memory:"):
            kwargs["poolclass"] = StaticPool  # one connection, or each would see its own empty database
        else:
            _private_file(Path(parsed.database).expanduser())
    elif backend == "postgresql":
        # pre-ping: a server restart must not break pooled connections; a wrong host fails in 10 s
        timeout = {"connect_timeout": 10} if "psycopg" in parsed.drivername else {}
        kwargs.update(pool_pre_ping=True, connect_args=timeout)
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as e:
        hint = "pip install 'wicara[postgres]'" if backend == "postgresql" else "use sqlite:// or postgresql+psycopg://"
        raise StoreError(f"No database driver for {safe} ({e}): {hint}. Check WICARA_DATABASE_URL.") from e
    except (ArgumentError, TypeError) as e:
        raise StoreError(f"Invalid database URL {safe}: {e}. Check WICARA_DATABASE_URL.") from e
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def report_columns(report: dict[str, Any]) -> dict[str, Any]:
    """The attempt columns a report fills: language, duration, transcript text, version, one per score."""
    try:
        language, duration_s = str(report["language"]), float(report["duration_s"])
        scores, transcript = dict(report.get("scores") or {}), report.get("transcript") or {}
    except (KeyError, TypeError, ValueError) as e:
        raise StoreError(f"The report to save lacks {e}: pass SessionReport.to_dict().") from e
    return {"language": language, "duration_s": duration_s, "report": report,
            "transcript": str(transcript.get("text", "") if isinstance(transcript, dict) else transcript),
            "analysis_version": str(report.get("analysis_version", "")),
            **{f"score_{d}": None if scores.get(d) is None or not math.isfinite(float(scores[d])) else float(scores[d])
               for d in SCORE_DIMENSIONS}}


class Store(AccountsMixin, ReviewMixin, CohortQueriesMixin, JobsMixin, SecurityMixin):
    """The attempts database (``sqlite:///path/wicara.db`` or ``postgresql+psycopg://user@host/db``)
    plus the folder of recordings, ``audio_dir``; both are created when missing."""

    def __init__(self, url: str, *, audio_dir: Path) -> None:
        self.audio_dir = Path(audio_dir)
        try:
            _private_dir(self.audio_dir)
            self.engine = _make_engine(url)
        except OSError as e:
            raise StoreError(f"Cannot create the folder {e.filename}: {e.strerror}. Check WICARA_DATA_DIR.") from e
        self._safe_url = self.engine.url.render_as_string(hide_password=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrate()

    @classmethod
    def from_settings(cls, settings: Any) -> Store:
        """The store the settings describe: ``database_url``, or a SQLite file in ``data_dir``."""
        data_dir = Path(settings.data_dir).expanduser()
        return cls(settings.database_url or f"sqlite:///{data_dir / 'wicara.db'}", audio_dir=data_dir / "audio")

    def close(self) -> None:
        """Close every pooled database connection."""
        self.engine.dispose()

    def _error(self, e: Exception, doing: str) -> StoreError:
        where, orig = self._safe_url, getattr(e, "orig", None) or e
        detail = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        if isinstance(e, OperationalError) and "locked" in detail.lower():
            return StoreError(f"The database at {where} stayed busy while {doing}; try again in a moment.")
        if isinstance(e, OperationalError):
            return StoreError(f"Cannot reach the database at {where} while {doing} ({detail}): check "
                              "WICARA_DATABASE_URL and that the database server is running.")
        return StoreError(f"The database at {where} failed while {doing} ({type(e).__name__}: {detail}).")

    @contextmanager
    def _session(self, doing: str) -> Iterator[Session]:
        with self._sessions() as session:
            try:
                yield session
            except SQLAlchemyError as e:
                session.rollback()
                raise self._error(e, doing) from e

    def _migrate(self) -> None:
        """Bring the schema to the newest migration (a no-op when it already is)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        try:
            with self.engine.connect() as conn:
                sqlite = conn.dialect.name == "sqlite"
                try:
                    if sqlite:
                        # Batch migrations rebuild a table (copy, drop, rename); with foreign keys on,
                        # dropping `people` would cascade-delete every attempt. SQLite's own recipe:
                        # keys off (only possible outside a transaction), change, check, keys on.
                        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
                        # pysqlite runs DDL outside transactions: make the upgrade atomic, and serialised.
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    elif conn.dialect.name == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                    if sqlite and (broken := conn.exec_driver_sql("PRAGMA foreign_key_check").first()):
                        raise StoreError(f"Updating the schema of {self._safe_url} would break the link from "
                                         f"table {broken[0]!r} to {broken[2]!r}; nothing was changed.")
                    conn.commit()
                except BaseException:
                    conn.rollback()
                    raise
                finally:
                    if sqlite:
                        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        except SQLAlchemyError as e:
            raise self._error(e, "updating the database schema") from e
        except CommandError as e:  # e.g. the database was migrated by a newer Wicara
            raise StoreError(f"Cannot update the schema of {self._safe_url} ({e}): upgrade Wicara, or point "
                             "WICARA_DATABASE_URL at a database made by this version.") from e

    def _get_or_add(self, doing: str, find: Callable[[Session], Any], make: Callable[[Session], Any]) -> Any:
        """``find(s)``, or else the row ``make(s)`` adds; retried once if another user adds it first."""
        for _ in range(2):
            with self._session(doing) as s:
                row = find(s)
                if row is None:
                    s.add(row := make(s))
                    try:
                        s.commit()
                    except IntegrityError:
                        continue
                return row
        raise StoreError(f"The database kept refusing a new row while {doing}; try again.")

    def get_or_create_cohort(self, code: str, name: str | None = None) -> Cohort:
        """The cohort with this code (trimmed), created with ``name`` (default: the code) if new."""
        code = str(code).strip()
        if not code:
            raise StoreError("A cohort code is needed, for example 'DEMO'.")
        row = self._get_or_add("looking up a cohort", lambda s: s.scalar(select(CohortRow).where(
            CohortRow.code == code)), lambda s: CohortRow(code=code, name=(name or "").strip() or code))
        return Cohort(id=row.id, code=row.code, name=row.name, join_code=row.join_code)

    def list_cohorts(self) -> list[Cohort]:
        """Every cohort, by code."""
        with self._session("listing cohorts") as s:
            return [Cohort(id=r.id, code=r.code, name=r.name, join_code=r.join_code)
                    for r in s.scalars(select(CohortRow).order_by(CohortRow.code))]

    def get_or_create_person(self, name: str, *, cohort_code: str, role: str = "participant") -> Person:
        """The person called ``name`` in the cohort, created (with the cohort) when missing.

        Names are unique in a cohort, trimmed and case-insensitive: "budi " is "Budi". ``role``
        applies only to a new person.
        """
        display = " ".join(str(name).split())
        key = display.casefold()
        if not display:
            raise StoreError("A name is needed to keep your attempts.")
        if role == "participant":
            _check_participant_name(display)
        if role not in ROLES:
            raise StoreError(f"Unknown role {role!r}: expected one of {', '.join(ROLES)}.")
        cohort = self.get_or_create_cohort(cohort_code)

        def make(s: Session) -> PersonRow:
            person = PersonRow(name=display, role=role)
            s.add(person)
            s.flush()
            s.add(MembershipRow(person_id=person.id, cohort_id=cohort.id, name_key=key,
                                role="participant" if role == "participant" else "trainer"))
            return person

        row = self._get_or_add("looking up a person", lambda s: s.scalar(select(PersonRow).join(MembershipRow).where(
            MembershipRow.cohort_id == cohort.id, MembershipRow.name_key == key)), make)
        return person_from_row(row)

    def people_in_cohort(self, code: str) -> list[Person]:
        """Members of the cohort, by name; empty if there is no such cohort."""
        with self._session("listing a cohort") as s:
            return [person_from_row(r) for r in s.scalars(
                select(PersonRow).join(MembershipRow).join(CohortRow).where(CohortRow.code == str(code).strip())
                .order_by(MembershipRow.name_key, PersonRow.id))]

    def save_attempt(self, person_id: int, *, audio: bytes, audio_suffix: str, report: dict[str, Any],
                     key_messages: Sequence[str] = (), exercise_id: str | None = None,
                     exercise_version: int | None = None, created_at: datetime | None = None,
                     cohort_id: int | None | type[_Default] = _Default) -> int:
        """Save an attempt (``report`` is ``SessionReport.to_dict()``) with its recording; returns its id.

        ``cohort_id``: the cohort it was made for (its trainers see it); by default the person's one
        cohort as a participant, else None (their own practice, seen by no trainer). The recording
        (may be empty) is synced to disk before the row is committed; see :meth:`_add_with_audio`.
        """
        suffix = self._clean_suffix(audio_suffix)
        sha256 = hashlib.sha256(audio).hexdigest() if audio else None
        row = AttemptRow(
            person_id=person_id, exercise_id=exercise_id, exercise_version=exercise_version,
            key_messages=[str(m) for m in key_messages], audio_sha256=sha256, audio_suffix=suffix,
            cohort_id=None if cohort_id is _Default else cohort_id,
            created_at=_utc(created_at or datetime.now(UTC)), status="done", **report_columns(report))
        return self._add_with_audio(row, audio, "saving the attempt", default_cohort=cohort_id is _Default)

    def _find_or_add_participant(self, s: Session, cohort_id: int, display: str, key: str) -> PersonRow:
        """The cohort's participant with this name, or a new one without a PIN, in the caller's transaction."""
        _check_participant_name(display)
        if s.get(CohortRow, cohort_id) is None:
            raise StoreError(f"No cohort with id {cohort_id}.")
        found = s.scalar(select(PersonRow).join(MembershipRow).where(
            MembershipRow.cohort_id == cohort_id, MembershipRow.name_key == key, MembershipRow.role == "participant"))
        if found is not None:
            return found
        new = PersonRow(name=display, role="participant")
        s.add(new)
        s.flush()
        s.add(MembershipRow(person_id=new.id, cohort_id=cohort_id, name_key=key, role="participant"))
        return new

    def _clean_suffix(self, audio_suffix: str) -> str:
        suffix = str(audio_suffix or "").strip()
        if suffix and not _SUFFIX_RE.match(suffix):
            raise StoreError(f"Unusable audio file suffix {audio_suffix!r}: expected something like '.wav'.")
        return "." + suffix.lstrip(".").lower() if suffix else ""

    def _add_with_audio(self, row: AttemptRow, audio: bytes, doing: str,
                        check: Callable[[Session], None] | None = None, *,
                        person: Callable[[Session], None] | None = None, default_cohort: bool = False) -> int:
        """Commit ``row`` after its recording (``row.audio_sha256``) is synced to disk; returns its id.

        ``person(session)`` first finds or adds the row's person in the same transaction;
        ``check(session)`` runs before anything is written (and may raise to refuse the row);
        ``default_cohort``: the row is for the person's one cohort as a participant (else none).
        On failure only a file this call wrote is removed, and only while no attempt refers to it:
        never half an attempt, never another save's recording.
        """
        sha256, suffix = row.audio_sha256, row.audio_suffix
        path = self.audio_dir / f"{sha256}{suffix}"
        created = False
        try:
            with self._session(doing) as s:
                with s.no_autoflush:
                    if person is not None:
                        person(s)
                    if s.get(PersonRow, row.person_id) is None:
                        raise StoreError(f"No person with id {row.person_id}: pick or create a name first.")
                    if default_cohort:
                        row.cohort_id = _default_cohort(s, row.person_id)
                    if check is not None:
                        check(s)
                if sha256 and not (path.is_file() and path.stat().st_size == len(audio)):
                    created = _write_new(self.audio_dir, path, audio)
                s.add(row)
                s.commit()
                attempt_id = row.id
        except BaseException as e:
            if created:
                self._drop_if_unused(path, sha256, suffix, audio)
            if isinstance(e, OSError):
                raise StoreError(f"Cannot save the recording in {self.audio_dir}: {e}. "
                                 "Check the free disk space and WICARA_DATA_DIR's permissions.") from e
            raise
        if sha256 and not path.is_file():  # a failing save removed it between our check and our commit
            _write_new(self.audio_dir, path, audio)
        return attempt_id

    def _drop_if_unused(self, path: Path, sha256: str | None, suffix: str, audio: bytes) -> None:
        """Remove a recording this save wrote, unless an attempt uses it; if one commits meanwhile, put it back."""
        def used() -> bool:
            try:  # a bare connection: after a failed save the session may be what is broken
                with self.engine.connect() as conn:
                    return conn.execute(select(AttemptRow.id).where(AttemptRow.audio_sha256 == sha256,
                                        AttemptRow.audio_suffix == suffix).limit(1)).first() is not None
            except SQLAlchemyError:
                return True  # cannot tell: keep it (the orphan sweep removes it later if unused)
        if used():
            return
        path.unlink(missing_ok=True)
        if used():  # another save committed between the check and the unlink: it needs the file
            _write_new(self.audio_dir, path, audio)

    def get_attempt(self, attempt_id: int) -> Attempt:
        """One attempt with its full report; StoreError if there is none."""
        with self._session("reading an attempt") as s:
            if (row := s.get(AttemptRow, attempt_id)) is None:
                raise StoreError(f"No attempt with id {attempt_id}: it may have been deleted.")
            path = self.audio_dir / f"{row.audio_sha256}{row.audio_suffix}" if row.audio_sha256 else None
            return Attempt(**_summary_fields(row), key_messages=tuple(row.key_messages or ()), report=row.report,
                           audio_path=path if path is not None and path.is_file() else None,
                           analysis_version=row.analysis_version, transcript_text=row.transcript,
                           review_state=row.review_state, status=row.status)

    def find_attempt(self, person_id: int, *, audio_sha256: str) -> int | None:
        """The oldest attempt of this person with this recording (SHA-256 hex) that is done or on its
        way (queued, running), or None."""
        with self._session("looking for an attempt") as s:
            return s.scalar(select(AttemptRow.id).where(AttemptRow.person_id == person_id,
                                                        AttemptRow.audio_sha256 == audio_sha256,
                                                        AttemptRow.status != "failed")
                            .order_by(AttemptRow.id).limit(1))

    def list_attempts(self, person_id: int, *, exercise_id: str | None = None) -> list[AttemptSummary]:
        """A person's analysed attempts, oldest first, optionally only those of one exercise."""
        # Only the summary columns: a report JSON can be hundreds of kilobytes.
        query = select(AttemptRow).where(AttemptRow.person_id == person_id).options(load_only(
            AttemptRow.id, AttemptRow.person_id, AttemptRow.created_at, AttemptRow.language, AttemptRow.exercise_id,
            AttemptRow.duration_s, *(getattr(AttemptRow, f"score_{d}") for d in SCORE_DIMENSIONS))
        ).where(AttemptRow.status == "done")
        if exercise_id is not None:
            query = query.where(AttemptRow.exercise_id == exercise_id)
        with self._session("listing attempts") as s:
            return [AttemptSummary(**_summary_fields(r))
                    for r in s.scalars(query.order_by(AttemptRow.created_at, AttemptRow.id))]

    def add_comment(self, attempt_id: int, *, author_id: int, text: str, at_s: float | None = None) -> int:
        """Pin a comment to an attempt, ``at_s`` seconds into the recording or to the whole; returns its id."""
        body = str(text).strip()
        if not body:
            raise StoreError("A comment needs some text.")
        if at_s is not None and not (math.isfinite(at_s) and at_s >= 0):
            raise StoreError(f"A comment's moment must be seconds from the start (got {at_s}).")
        with self._session("saving a comment") as s:
            if s.get(AttemptRow, attempt_id) is None:
                raise StoreError(f"No attempt with id {attempt_id}: it may have been deleted.")
            if s.get(PersonRow, author_id) is None:
                raise StoreError(f"No person with id {author_id} to sign the comment.")
            row = CommentRow(attempt_id=attempt_id, author_id=author_id, text=body,
                             at_s=None if at_s is None else float(at_s))
            s.add(row)
            s.commit()
            return row.id

    def comments(self, attempt_id: int) -> list[Comment]:
        """An attempt's comments, oldest first."""
        with self._session("reading comments") as s:
            return [Comment(id=r.id, attempt_id=r.attempt_id, author_id=r.author_id, at_s=r.at_s, text=r.text,
                            created_at=_utc(r.created_at), author_name=name) for r, name in s.execute(
                select(CommentRow, PersonRow.name).join(PersonRow, PersonRow.id == CommentRow.author_id)
                .where(CommentRow.attempt_id == attempt_id).order_by(CommentRow.created_at, CommentRow.id))]

    def sweep_orphans(self, *, min_age_s: float = 0.0) -> int:
        """Delete recordings no attempt refers to, and hour-old temp files; returns how many.

        ``min_age_s`` spares younger files: pass a few minutes while the app may be saving (a file
        is written just before its row is committed). Other files are never touched.
        """
        now, candidates = time.time(), []
        for entry in os.scandir(self.audio_dir):  # listed before the query: a save after it is safe
            if entry.is_file(follow_symlinks=False):
                age_s = now - entry.stat(follow_symlinks=False).st_mtime
                if (entry.name.startswith(_TMP_PREFIX) and age_s >= max(min_age_s, _TMP_MAX_AGE_S)) or (
                        _AUDIO_NAME_RE.match(entry.name) and age_s >= min_age_s):
                    candidates.append(Path(entry.path))
        with self._session("looking for unused recordings") as s:
            used = {f"{sha}{suffix}" for sha, suffix in s.execute(select(AttemptRow.audio_sha256,
                    AttemptRow.audio_suffix).distinct().where(AttemptRow.audio_sha256.is_not(None)))}
        orphans = [p for p in candidates if p.name not in used]
        for path in orphans:
            path.unlink(missing_ok=True)  # another sweep may get there first
        return len(orphans)
