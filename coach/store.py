"""Storage: people, cohorts, attempts and trainer comments, in SQLite or PostgreSQL.

All SQLAlchemy code lives here. The schema is managed by the Alembic migrations shipped in
``coach/migrations`` and is brought to the newest version when a :class:`Store` is opened.
Recordings are kept as files under ``audio_dir``, named by the SHA-256 of their bytes, so the
same recording saved twice is one file. Saving an attempt writes and syncs the file first and
only then commits the row; :meth:`Store.sweep_orphans` removes files that no row refers to.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (JSON, DateTime, Engine, Float, ForeignKey, Index, Integer, MetaData, String, Text,
                        UniqueConstraint, create_engine, event, func, select, text)
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool

from .errors import StoreError

__all__ = ["Attempt", "AttemptSummary", "Cohort", "Comment", "Person", "ROLES", "SCORE_DIMENSIONS", "Store"]

ROLES = ("participant", "trainer", "admin")
SCORE_DIMENSIONS = ("overall", "pace", "fillers", "pauses", "variety", "clarity", "messages", "public", "timing")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_SUFFIX_RE = re.compile(r"^\.?[A-Za-z0-9]{1,12}$")
_AUDIO_NAME_RE = re.compile(r"^[0-9a-f]{64}(\.[a-z0-9]{1,12})?$")
_TMP_PREFIX = ".tmp-"
_TMP_MAX_AGE_S = 3600.0  # a temp file this old belongs to a save that crashed
_PG_MIGRATION_LOCK = 0x57494341  # "WICA": serialises migrations of processes starting together
_SQLITE_BUSY_TIMEOUT_MS = 30_000


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# ---------------------------------------------------------------------------------------- schema
class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class PersonRow(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="participant")  # participant | trainer | admin
    password_hash: Mapped[str | None] = mapped_column(String(255))  # set by sign-in (issue 6)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class CohortRow(Base):
    __tablename__ = "cohorts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    join_code: Mapped[str | None] = mapped_column(String(64), unique=True)  # participants join with it (issue 6)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class MembershipRow(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("cohort_id", "name_key"),)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), default="participant")  # role in this cohort
    # The person's name folded (trimmed, spaces collapsed, casefolded): unique within a cohort.
    name_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ExerciseRow(Base):
    __tablename__ = "exercises"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300), default="")


class AttemptRow(Base):
    __tablename__ = "attempts"
    __table_args__ = (Index(None, "person_id", "created_at"), Index(None, "exercise_id"),
                      Index(None, "audio_sha256"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # Plain columns, not a foreign key: an exercise file need not have a row in `exercises`.
    exercise_id: Mapped[str | None] = mapped_column(String(100))
    exercise_version: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(10))
    key_messages: Mapped[list[str]] = mapped_column(JSON)
    audio_sha256: Mapped[str | None] = mapped_column(String(64))  # None: saved without audio
    audio_suffix: Mapped[str] = mapped_column(String(13), default="")
    transcript: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    # One column per score so dashboards over thousands of attempts never parse the report JSON.
    score_overall: Mapped[float | None] = mapped_column(Float)
    score_pace: Mapped[float | None] = mapped_column(Float)
    score_fillers: Mapped[float | None] = mapped_column(Float)
    score_pauses: Mapped[float | None] = mapped_column(Float)
    score_variety: Mapped[float | None] = mapped_column(Float)
    score_clarity: Mapped[float | None] = mapped_column(Float)
    score_messages: Mapped[float | None] = mapped_column(Float)
    score_public: Mapped[float | None] = mapped_column(Float)
    score_timing: Mapped[float | None] = mapped_column(Float)
    duration_s: Mapped[float] = mapped_column(Float)
    analysis_version: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class CommentRow(Base):
    __tablename__ = "comments"
    __table_args__ = (Index(None, "attempt_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    at_s: Mapped[float | None] = mapped_column(Float)  # moment in the recording; None: the whole attempt
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ScoreOverrideRow(Base):
    """A trainer's score for one dimension (issue 6); the computed score stays on the attempt."""

    __tablename__ = "score_overrides"
    __table_args__ = (Index(None, "attempt_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    dimension: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


# ------------------------------------------------------------------------------------- public API
@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str  # "participant" | "trainer" | "admin"


@dataclass(frozen=True)
class Cohort:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    person_id: int
    created_at: datetime  # UTC
    language: str
    exercise_id: str | None
    duration_s: float
    scores: dict[str, float | None]  # SCORE_DIMENSIONS → 0–100, None where not scored


@dataclass(frozen=True)
class Attempt(AttemptSummary):
    key_messages: tuple[str, ...]
    report: dict[str, Any]  # SessionReport.to_dict()
    audio_path: Path | None  # None when saved without audio or the file is gone
    analysis_version: str
    transcript_text: str


@dataclass(frozen=True)
class Comment:
    id: int
    attempt_id: int
    author_id: int
    at_s: float | None  # seconds into the recording
    text: str
    created_at: datetime  # UTC


def _fold(name: str) -> tuple[str, str]:
    """(display name, key): trimmed with inner spaces collapsed, and that casefolded."""
    clean = " ".join(str(name).split())
    return clean, clean.casefold()


def _score(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _summary_fields(row: AttemptRow) -> dict[str, Any]:
    return {"id": row.id, "person_id": row.person_id, "created_at": _utc(row.created_at),
            "language": row.language, "exercise_id": row.exercise_id, "duration_s": row.duration_s,
            "scores": {d: getattr(row, f"score_{d}") for d in SCORE_DIMENSIONS}}


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; its rename is durable enough
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Store:
    """The attempts database plus the folder of recordings.

    Parameters
    ----------
    url : SQLAlchemy URL: ``sqlite:///path/to/wicara.db`` or ``postgresql+psycopg://user@host/db``
    audio_dir : folder for recordings (created if missing)
    """

    def __init__(self, url: str, *, audio_dir: Path) -> None:
        self.audio_dir = Path(audio_dir)
        try:
            self.audio_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"Cannot create the audio folder {self.audio_dir}: {e}. "
                             "Check WICARA_DATA_DIR and its permissions.") from e
        self.engine = self._make_engine(url)
        self._safe_url = self.engine.url.render_as_string(hide_password=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrate()

    @classmethod
    def from_settings(cls, settings: Any) -> Store:
        """The store the settings describe: ``database_url``, or a SQLite file in ``data_dir``."""
        data_dir = Path(settings.data_dir).expanduser()
        url = settings.database_url or f"sqlite:///{data_dir / 'wicara.db'}"
        return cls(url, audio_dir=data_dir / "audio")

    def close(self) -> None:
        """Close every pooled database connection."""
        self.engine.dispose()

    # ----------------------------------------------------------------------------- plumbing
    @staticmethod
    def _make_engine(url: str) -> Engine:
        try:
            parsed: URL = make_url(url)
        except ArgumentError as e:
            raise StoreError(f"Invalid database URL {url!r}: expected sqlite:///path/to/wicara.db or "
                             "postgresql+psycopg://user@host:5432/db. Check WICARA_DATABASE_URL.") from e
        kwargs: dict[str, Any] = {}
        sqlite = parsed.get_backend_name() == "sqlite"
        if sqlite:
            database = parsed.database or ""
            if database in ("", ":memory:"):
                # One shared connection, or every connection would see its own empty database.
                kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
            else:
                try:
                    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise StoreError(f"Cannot create the folder for the database {database}: {e}. "
                                     "Check WICARA_DATA_DIR and its permissions.") from e
                kwargs["connect_args"] = {"check_same_thread": False}
        elif parsed.get_backend_name() == "postgresql":
            kwargs.update(pool_pre_ping=True)
            if parsed.get_driver_name() in ("psycopg", "psycopg2"):
                kwargs["connect_args"] = {"connect_timeout": 10}
        try:
            engine = create_engine(parsed, **kwargs)
        except (NoSuchModuleError, ModuleNotFoundError, ImportError) as e:
            safe = parsed.render_as_string(hide_password=True)
            hint = ("pip install 'wicara[postgres]'" if parsed.get_backend_name() == "postgresql"
                    else "use sqlite:///… or postgresql+psycopg://…")
            raise StoreError(f"No database driver for {safe} ({e}): {hint}. Check WICARA_DATABASE_URL.") from e
        except (ArgumentError, TypeError) as e:
            raise StoreError(f"Invalid database URL {parsed.render_as_string(hide_password=True)}: {e}. "
                             "Check WICARA_DATABASE_URL.") from e
        if sqlite:
            event.listen(engine, "connect", _sqlite_pragmas)
        return engine

    def _error(self, e: Exception, doing: str) -> StoreError:
        where = self._safe_url
        if isinstance(e, OperationalError) and "locked" in str(e.orig).lower():
            return StoreError(f"The database at {where} stayed busy while {doing}; try again in a moment.")
        if isinstance(e, OperationalError):
            detail = (str(e.orig).strip().splitlines() or [type(e.orig).__name__])[0]
            return StoreError(f"Cannot reach the database at {where} while {doing} ({detail}): check "
                              "WICARA_DATABASE_URL and that the database server is running.")
        if isinstance(e, IntegrityError):
            return StoreError(f"The database at {where} refused the change while {doing} "
                              f"({str(e.orig).splitlines()[0]}).")
        return StoreError(f"Database error at {where} while {doing} ({type(e).__name__}: {e}).")

    @contextmanager
    def _session(self, doing: str) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
        except SQLAlchemyError as e:
            session.rollback()
            raise self._error(e, doing) from e
        finally:
            session.close()

    def _migrate(self) -> None:
        """Bring the schema to the newest migration (a no-op when it already is)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        try:
            with self.engine.connect() as conn:
                if conn.dialect.name == "sqlite":
                    # pysqlite runs DDL outside any transaction: make the upgrade atomic, and make
                    # a second process starting at the same moment wait for it instead of racing.
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                elif conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                conn.commit()
        except SQLAlchemyError as e:
            raise self._error(e, "updating the database schema") from e

    # ------------------------------------------------------------------------ people, cohorts
    def get_or_create_cohort(self, code: str, name: str | None = None) -> Cohort:
        """The cohort with this code (trimmed), created with ``name`` (default: the code) if new."""
        code = str(code).strip()
        if not code:
            raise StoreError("A cohort code is needed, for example 'DEMO'.")
        for _ in range(2):
            with self._session("looking up a cohort") as s:
                row = s.scalar(select(CohortRow).where(CohortRow.code == code))
                if row is None:
                    row = CohortRow(code=code, name=(name or "").strip() or code)
                    s.add(row)
                    try:
                        s.commit()
                    except IntegrityError:  # created by someone else just now
                        s.rollback()
                        continue
                return Cohort(id=row.id, code=row.code, name=row.name)
        raise StoreError(f"Could not create cohort {code!r}; try again.")

    def list_cohorts(self) -> list[Cohort]:
        """Every cohort, by code."""
        with self._session("listing cohorts") as s:
            rows = s.scalars(select(CohortRow).order_by(CohortRow.code)).all()
            return [Cohort(id=r.id, code=r.code, name=r.name) for r in rows]

    def get_or_create_person(self, name: str, *, cohort_code: str, role: str = "participant") -> Person:
        """The person called ``name`` in the cohort, created (with the cohort if new) when missing.

        Names are unique within a cohort, compared trimmed and case-insensitively, so "budi " and
        "Budi" are the same person. ``role`` applies only to a new person.
        """
        display, key = _fold(name)
        if not display:
            raise StoreError("A name is needed to keep your attempts.")
        if role not in ROLES:
            raise StoreError(f"Unknown role {role!r}: expected one of {', '.join(ROLES)}.")
        cohort = self.get_or_create_cohort(cohort_code)
        for _ in range(2):
            with self._session("looking up a person") as s:
                found = s.execute(select(PersonRow).join(MembershipRow).where(
                    MembershipRow.cohort_id == cohort.id, MembershipRow.name_key == key)).scalar()
                if found is None:
                    found = PersonRow(name=display, role=role, created_at=_now())
                    s.add(found)
                    s.flush()
                    s.add(MembershipRow(person_id=found.id, cohort_id=cohort.id, name_key=key,
                                        role="participant" if role == "participant" else "trainer"))
                    try:
                        s.commit()
                    except IntegrityError:  # the same name was taken in this cohort just now
                        s.rollback()
                        continue
                return Person(id=found.id, name=found.name, role=found.role)
        raise StoreError(f"Could not add {display!r} to cohort {cohort.code!r}; try again.")

    def people_in_cohort(self, code: str) -> list[Person]:
        """Members of the cohort, by name; empty if there is no such cohort."""
        with self._session("listing a cohort") as s:
            rows = s.scalars(select(PersonRow).join(MembershipRow).join(CohortRow)
                             .where(CohortRow.code == str(code).strip())
                             .order_by(MembershipRow.name_key, PersonRow.id)).all()
            return [Person(id=r.id, name=r.name, role=r.role) for r in rows]

    # ------------------------------------------------------------------------------- attempts
    def _audio_name(self, sha256: str, suffix: str) -> Path:
        return self.audio_dir / f"{sha256}{suffix}"

    def _write_audio(self, audio: bytes, path: Path) -> bool:
        """Write ``audio`` to ``path`` durably; False when an identical file is already there."""
        try:
            if path.is_file() and path.stat().st_size == len(audio):
                return False
            fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=self.audio_dir)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(audio)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _fsync_dir(self.audio_dir)
            return True
        except OSError as e:
            raise StoreError(f"Cannot save the recording in {self.audio_dir}: {e}. "
                             "Check the free disk space and WICARA_DATA_DIR's permissions.") from e

    def _referenced(self, sha256: str, suffix: str) -> bool:
        # A bare connection, not a Session: after a failed save the session may be the thing broken.
        with self.engine.connect() as conn:
            return conn.execute(select(AttemptRow.id).where(
                AttemptRow.audio_sha256 == sha256, AttemptRow.audio_suffix == suffix).limit(1)).first() is not None

    def save_attempt(self, person_id: int, *, audio: bytes, audio_suffix: str, report: dict[str, Any],
                     key_messages: Sequence[str] = (), exercise_id: str | None = None,
                     exercise_version: int | None = None, created_at: datetime | None = None) -> int:
        """Save one analysed attempt with its recording; returns the attempt id.

        The recording is written and synced before the row is committed; if the row cannot be
        saved the file is removed again (unless another attempt uses the same recording), so a
        failure never leaves half an attempt. ``audio`` may be empty (an attempt without audio).
        ``report`` is ``SessionReport.to_dict()``; ``created_at`` defaults to now (UTC).
        """
        suffix = str(audio_suffix or "").strip()
        if suffix and not _SUFFIX_RE.match(suffix):
            raise StoreError(f"Unusable audio file suffix {audio_suffix!r}: expected something like '.wav'.")
        suffix = ("." + suffix.lstrip(".")).lower() if suffix else ""
        try:
            language = str(report["language"])
            duration_s = float(report["duration_s"])
            scores = dict(report.get("scores") or {})
        except (KeyError, TypeError, ValueError) as e:
            raise StoreError(f"The report to save lacks {e}: pass SessionReport.to_dict().") from e
        transcript = report.get("transcript") or {}
        row = AttemptRow(
            person_id=person_id, exercise_id=exercise_id, exercise_version=exercise_version,
            language=language, key_messages=[str(m) for m in key_messages], audio_suffix=suffix,
            transcript=str(transcript.get("text", "") if isinstance(transcript, dict) else transcript),
            report=report, duration_s=duration_s, analysis_version=str(report.get("analysis_version", "")),
            created_at=_utc(created_at) if created_at else _now(),
            **{f"score_{d}": _score(scores.get(d)) for d in SCORE_DIMENSIONS},
        )
        with self._session("checking the participant") as s:
            if s.get(PersonRow, person_id) is None:
                raise StoreError(f"No person with id {person_id}: pick or create a name first.")
        sha256 = hashlib.sha256(audio).hexdigest() if audio else None
        path = self._audio_name(sha256, suffix) if sha256 else None
        created = self._write_audio(audio, path) if path and sha256 else False
        row.audio_sha256 = sha256
        try:
            with self._session("saving the attempt") as s:
                s.add(row)
                s.commit()
                return row.id
        except BaseException:
            if path is not None and sha256 is not None:
                try:
                    keep = self._referenced(sha256, suffix)
                except SQLAlchemyError:
                    keep = not created  # cannot tell: keep only what was there before us
                if not keep:
                    path.unlink(missing_ok=True)
            raise

    def _attempt_row(self, s: Session, attempt_id: int) -> AttemptRow:
        row = s.get(AttemptRow, attempt_id)
        if row is None:
            raise StoreError(f"No attempt with id {attempt_id}: it may have been deleted.")
        return row

    def get_attempt(self, attempt_id: int) -> Attempt:
        """One attempt with its full report; StoreError if there is none."""
        with self._session("reading an attempt") as s:
            row = self._attempt_row(s, attempt_id)
            path = self._audio_name(row.audio_sha256, row.audio_suffix) if row.audio_sha256 else None
            return Attempt(**_summary_fields(row), key_messages=tuple(row.key_messages or ()), report=row.report,
                           audio_path=path if path is not None and path.is_file() else None,
                           analysis_version=row.analysis_version, transcript_text=row.transcript)

    def list_attempts(self, person_id: int, *, exercise_id: str | None = None) -> list[AttemptSummary]:
        """A person's attempts, oldest first, optionally only those of one exercise."""
        query = select(AttemptRow).where(AttemptRow.person_id == person_id)
        if exercise_id is not None:
            query = query.where(AttemptRow.exercise_id == exercise_id)
        with self._session("listing attempts") as s:
            # Only summary columns: the report JSON can be large.
            rows = s.scalars(query.options(_summary_only())
                             .order_by(AttemptRow.created_at, AttemptRow.id)).all()
            return [AttemptSummary(**_summary_fields(r)) for r in rows]

    # ------------------------------------------------------------------------------- comments
    def add_comment(self, attempt_id: int, *, author_id: int, text: str, at_s: float | None = None) -> int:
        """Pin a trainer's comment to an attempt, at ``at_s`` seconds into it or to the whole; returns its id."""
        body = str(text).strip()
        if not body:
            raise StoreError("A comment needs some text.")
        if at_s is not None and not (math.isfinite(at_s) and at_s >= 0):
            raise StoreError(f"A comment's moment must be seconds from the start (got {at_s}).")
        with self._session("saving a comment") as s:
            self._attempt_row(s, attempt_id)
            if s.get(PersonRow, author_id) is None:
                raise StoreError(f"No person with id {author_id} to sign the comment.")
            row = CommentRow(attempt_id=attempt_id, author_id=author_id, text=body,
                             at_s=None if at_s is None else float(at_s), created_at=_now())
            s.add(row)
            s.commit()
            return row.id

    def comments(self, attempt_id: int) -> list[Comment]:
        """An attempt's comments, oldest first."""
        with self._session("reading comments") as s:
            rows = s.scalars(select(CommentRow).where(CommentRow.attempt_id == attempt_id)
                             .order_by(CommentRow.created_at, CommentRow.id)).all()
            return [Comment(id=r.id, attempt_id=r.attempt_id, author_id=r.author_id, at_s=r.at_s,
                            text=r.text, created_at=_utc(r.created_at)) for r in rows]

    # -------------------------------------------------------------------------------- upkeep
    def sweep_orphans(self, *, min_age_s: float = 0.0) -> int:
        """Delete recordings that no attempt refers to; returns how many files were removed.

        ``min_age_s`` spares files younger than that: pass a few minutes when the app is saving
        attempts at the same time, since a file is written just before its row is committed.
        Leftover temp files from crashed saves go once they are an hour old.
        """
        now = time.time()
        candidates: list[tuple[Path, bool]] = []  # listed before the query, so a new save is never caught
        for entry in os.scandir(self.audio_dir):
            if not entry.is_file(follow_symlinks=False):
                continue
            age_s = now - entry.stat(follow_symlinks=False).st_mtime
            if entry.name.startswith(_TMP_PREFIX) and age_s >= max(min_age_s, _TMP_MAX_AGE_S):
                candidates.append((Path(entry.path), True))
            elif _AUDIO_NAME_RE.match(entry.name) and age_s >= min_age_s:
                candidates.append((Path(entry.path), False))
        with self._session("looking for unused recordings") as s:
            used = {f"{sha}{suffix}" for sha, suffix in s.execute(
                select(AttemptRow.audio_sha256, AttemptRow.audio_suffix).distinct()
                .where(AttemptRow.audio_sha256.is_not(None)))}
        removed = 0
        for path, is_tmp in candidates:
            if is_tmp or path.name not in used:
                try:
                    path.unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
        return removed


def _summary_only() -> Any:
    from sqlalchemy.orm import load_only

    return load_only(AttemptRow.id, AttemptRow.person_id, AttemptRow.created_at, AttemptRow.language,
                     AttemptRow.exercise_id, AttemptRow.duration_s,
                     *(getattr(AttemptRow, f"score_{d}") for d in SCORE_DIMENSIONS))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while one user saves; the busy timeout makes concurrent writers wait
    # instead of failing at once; foreign keys are off in SQLite unless asked for.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()
