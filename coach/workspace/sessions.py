"""Browser sessions that survive a reload: a signed, expiring, revocable token in an HttpOnly cookie.

The app cannot set an HttpOnly cookie itself (a page's script may not), so sign-in takes two steps:

1. after a good sign-in the app calls :func:`begin`: a ``sessions`` row with a one-time *handoff*
   (valid two minutes) whose value the page passes to the server route ``/_wicara/session``;
2. the route calls :func:`redeem`: the handoff is spent, a fresh secret is stored (as its SHA-256)
   and the browser gets the cookie ``wicara_session`` = id, secret, expiry and an HMAC-SHA256 over
   them with the server's key (``session.key`` in the data folder, 0600).

On a reload the app reads the cookie (``st.context.cookies``) and :func:`resolve` checks the
signature, the expiry and the row (not revoked, same secret). Sign-out revokes the row; changing a
PIN or password revokes every row of that person (:mod:`coach.workspace.auth`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

__all__ = ["COOKIE_NAME", "HANDOFF_MAX_AGE", "begin", "is_live", "load_key", "redeem", "resolve", "revoke"]

COOKIE_NAME = "wicara_session"
HANDOFF_MAX_AGE = timedelta(minutes=2)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def load_key(data_dir: Path) -> bytes:
    """The server's signing key, made once (32 random bytes, readable by this user only)."""
    path = Path(data_dir).expanduser() / "session.key"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600) if not path.exists() else None
    if fd is None:  # another process is writing it: read theirs
        return bytes.fromhex(path.read_text().strip())
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w") as f:
        f.write(key.hex())
    return key


def _sign(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def begin(store: Any, person_id: int, *, lifetime: timedelta) -> tuple[str, str]:
    """Start a session for a person who just signed in: ``(session id, one-time handoff for the cookie route)``."""
    handoff, session_id = secrets.token_urlsafe(32), secrets.token_hex(16)
    store.add_session(session_id, person_id, handoff_sha256=_sha256(handoff),
                      expires_at=datetime.now(UTC) + lifetime)
    return session_id, handoff


def redeem(store: Any, key: bytes, handoff: str) -> tuple[str, datetime] | None:
    """Spend a handoff: ``(cookie value, expiry)``, or None if it is unknown, used, old or revoked."""
    if not handoff or len(handoff) > 200:
        return None
    secret = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    session_id = store.claim_handoff(_sha256(handoff), _sha256(secret), now=now, max_age=HANDOFF_MAX_AGE)
    if session_id is None:
        return None
    found = store.session_row(session_id)
    if found is None:
        return None
    expires = found[2]
    payload = f"{session_id}.{secret}.{int(expires.timestamp())}"
    return f"{payload}.{_sign(key, payload)}", expires


def resolve(store: Any, key: bytes, cookie: str | None, *, now: datetime | None = None) -> tuple[int, str] | None:
    """``(person id, session id)`` for a valid cookie; None for a missing, forged, expired or revoked one."""
    parts = (cookie or "").strip('"').split(".")
    if len(parts) != 4:
        return None
    session_id, secret, expires_s, signature = parts
    if not hmac.compare_digest(_sign(key, f"{session_id}.{secret}.{expires_s}"), signature):
        return None
    now = now or datetime.now(UTC)
    try:
        if datetime.fromtimestamp(int(expires_s), tz=UTC) <= now:
            return None
    except (ValueError, OverflowError, OSError):
        return None
    found = store.session_row(session_id)
    if found is None:
        return None
    person_id, secret_sha256, expires_at, revoked_at = found
    if revoked_at is not None or expires_at <= now or secret_sha256 is None:
        return None
    if not hmac.compare_digest(secret_sha256, _sha256(secret)):
        return None
    return person_id, session_id


def is_live(store: Any, session_id: str, *, now: datetime | None = None) -> bool:
    """Whether a session is still usable (not revoked, not expired): checked on every run of the app."""
    found = store.session_row(session_id)
    now = now or datetime.now(UTC)
    return found is not None and found[3] is None and found[2] > now


def revoke(store: Any, session_id: str | None) -> None:
    """End one session (sign-out)."""
    if session_id:
        store.revoke_sessions(session_id=session_id)
