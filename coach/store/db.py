"""The database every repository shares: the engine, sessions that turn driver errors into StoreErrors,
the schema migrations run on opening, and the two helpers each repository needs (a row that must exist;
a row found or added).

SQLite files are created readable by their owner only (0600, in a 0700 folder): recordings, names and
scores are personal.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from ..errors import StoreError
from .schema import AssignmentRow, AttemptRow, CohortRow, PersonRow

__all__ = ["MIGRATIONS_DIR", "Database", "not_found", "private_dir", "required"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 0x57494341  # "WICA": serialises migrations of processes starting together
_SQLITE_BUSY_TIMEOUT_MS = 30_000
_KINDS = {AttemptRow: "attempt", PersonRow: "person", CohortRow: "cohort", AssignmentRow: "assignment"}
DELETED = ": it may have been deleted."

Row = TypeVar("Row")


def not_found(kind: str, key: Any, tail: str = DELETED) -> StoreError:
    """The one "No <kind> with id <key>" error; ``tail`` says what to do about it."""
    return StoreError(f"No {kind} with id {key}{tail}")


def required(s: Session, row_type: type[Row], key: Any, tail: str = DELETED) -> Row:
    """The row of ``row_type`` with this primary key; :func:`not_found`'s error if there is none."""
    row = s.get(row_type, key)
    if row is None:
        raise not_found(_KINDS[row_type], key, tail)  # type: ignore[index]
    return row


def private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) readable by this user only: recordings and names are personal."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path in missing:
        os.chmod(path, 0o700)


def _private_file(path: Path) -> None:
    """The SQLite file, created 0600 before SQLite opens it: its -wal and -shm files copy that mode."""
    private_dir(path.parent)
    # Never open an existing database file ourselves: closing any descriptor of it drops every
    # POSIX lock this process holds on it, under SQLite's feet ("disk I/O error" in the app's worker).
    if not path.exists():
        try:
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:  # another store created it meanwhile
            pass
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)


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


class Database:
    """One engine and its session factory (``sqlite:///path/wicara.db`` or ``postgresql+psycopg://…``),
    its schema brought up to date by :meth:`migrate`."""

    def __init__(self, url: str) -> None:
        self.engine = _make_engine(url)
        self.safe_url = self.engine.url.render_as_string(hide_password=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Close every pooled database connection."""
        self.engine.dispose()

    def error(self, e: Exception, doing: str) -> StoreError:
        where, orig = self.safe_url, getattr(e, "orig", None) or e
        detail = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        if isinstance(e, OperationalError) and "locked" in detail.lower():
            return StoreError(f"The database at {where} stayed busy while {doing}; try again in a moment.")
        if isinstance(e, OperationalError):
            return StoreError(f"Cannot reach the database at {where} while {doing} ({detail}): check "
                              "WICARA_DATABASE_URL and that the database server is running.")
        return StoreError(f"The database at {where} failed while {doing} ({type(e).__name__}: {detail}).")

    @contextmanager
    def session(self, doing: str) -> Iterator[Session]:
        """A session whose database errors become a StoreError saying what was being done."""
        with self._sessions() as session:
            try:
                yield session
            except SQLAlchemyError as e:
                session.rollback()
                raise self.error(e, doing) from e

    def get_or_add(self, doing: str, find: Callable[[Session], Any], make: Callable[[Session], Any]) -> Any:
        """``find(s)``, or else the row ``make(s)`` adds; retried once if another user adds it first."""
        for _ in range(2):
            with self.session(doing) as s:
                row = find(s)
                if row is None:
                    s.add(row := make(s))
                    try:
                        s.commit()
                    except IntegrityError:
                        continue
                return row
        raise StoreError(f"The database kept refusing a new row while {doing}; try again.")

    def migrate(self) -> None:
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
                        raise StoreError(f"Updating the schema of {self.safe_url} would break the link from "
                                         f"table {broken[0]!r} to {broken[2]!r}; nothing was changed.")
                    conn.commit()
                except BaseException:
                    conn.rollback()
                    raise
                finally:
                    if sqlite:
                        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        except SQLAlchemyError as e:
            raise self.error(e, "updating the database schema") from e
        except CommandError as e:  # e.g. the database was migrated by a newer Wicara
            raise StoreError(f"Cannot update the schema of {self.safe_url} ({e}): upgrade Wicara, or point "
                             "WICARA_DATABASE_URL at a database made by this version.") from e
