"""Sign-in throttling and browser sessions.

Both live in the database so that a restart, or a second server process, forgets nothing:
``signin_throttle`` counts failed sign-ins per key (an account, a client address) and the moment
the next try is allowed; ``sessions`` holds one row per signed-in browser, found by its id and
proven by a secret of which only the SHA-256 is kept. :mod:`coach.workspace.auth` and :mod:`coach.workspace.sessions`
decide the policy; this module only reads and writes rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from .db import Database
from .schema import SessionRow, ThrottleRow, utc

__all__ = ["SecurityRepository"]


class SecurityRepository:
    """Throttle counters and session rows."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ throttle
    def throttle_state(self, key: str) -> tuple[int, datetime | None, datetime | None]:
        """``(failures, last failure, blocked until)`` for a key; ``(0, None, None)`` when clean."""
        with self._db.session("checking sign-in attempts") as s:
            row = s.get(ThrottleRow, key[:200])
            if row is None:
                return 0, None, None
            return row.failures, utc(row.last_failed_at), None if row.blocked_until is None else utc(row.blocked_until)

    def record_failure(self, key: str, *, now: datetime, reset_after: timedelta,
                       delay: Callable[[int], float]) -> int:
        """Count one more failure for ``key`` (a count older than ``reset_after`` starts again);
        block it for ``delay(failures)`` seconds. Returns the new count."""
        key = key[:200]
        for _ in range(3):  # two first failures at once: one insert wins, the other updates
            with self._db.session("counting a failed sign-in") as s:
                row = s.get(ThrottleRow, key, with_for_update=True)
                if row is None:
                    row = ThrottleRow(key=key, failures=0, last_failed_at=now)
                    s.add(row)
                elif now - utc(row.last_failed_at) > reset_after:
                    row.failures = 0
                row.failures += 1
                row.last_failed_at = now
                wait_s = delay(row.failures)
                row.blocked_until = now + timedelta(seconds=wait_s) if wait_s > 0 else None
                try:
                    s.commit()
                except IntegrityError:
                    continue
                return row.failures
        return 0

    def clear_failures(self, key: str) -> None:
        with self._db.session("clearing failed sign-ins") as s:
            s.execute(delete(ThrottleRow).where(ThrottleRow.key == key[:200]))
            s.commit()

    # ------------------------------------------------------------------ sessions
    def add_session(self, session_id: str, person_id: int, *, handoff_sha256: str, expires_at: datetime) -> None:
        with self._db.session("starting a session") as s:
            s.add(SessionRow(id=session_id, person_id=person_id, handoff_sha256=handoff_sha256,
                             expires_at=utc(expires_at)))
            s.commit()

    def claim_handoff(self, handoff_sha256: str, secret_sha256: str, *, now: datetime,
                      max_age: timedelta) -> str | None:
        """Turn a one-time handoff into the session's cookie secret; the session id, or None if unusable."""
        with self._db.session("handing over a session") as s:
            row = s.scalar(select(SessionRow).where(SessionRow.handoff_sha256 == handoff_sha256)
                           .with_for_update())
            if row is None:
                return None
            row.handoff_sha256 = None  # one use only, whatever happens next
            usable = (row.revoked_at is None and utc(row.expires_at) > now and row.secret_sha256 is None
                      and now - utc(row.created_at) <= max_age)
            if usable:
                row.secret_sha256 = secret_sha256
            s.commit()
            return row.id if usable else None

    def session_row(self, session_id: str) -> tuple[int, str | None, datetime, datetime | None] | None:
        """``(person id, secret SHA-256, expires at, revoked at)`` of a session, or None."""
        with self._db.session("reading a session") as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                return None
            return (row.person_id, row.secret_sha256, utc(row.expires_at),
                    None if row.revoked_at is None else utc(row.revoked_at))

    def revoke_sessions(self, *, session_id: str | None = None, person_id: int | None = None) -> int:
        """Revoke one session, or every session of a person (sign-out, PIN or password change)."""
        query = update(SessionRow).where(SessionRow.revoked_at.is_(None)).values(revoked_at=datetime.now(UTC))
        if session_id is not None:
            query = query.where(SessionRow.id == session_id)
        if person_id is not None:
            query = query.where(SessionRow.person_id == person_id)
        with self._db.session("ending a session") as s:
            count = s.execute(query).rowcount
            s.commit()
            return int(count or 0)
