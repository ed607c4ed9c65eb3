"""The HTTP side of sign-in (used by serve.py): the session cookie routes and the recordings guard.

Not a page. The Streamlit script and these handlers run in one server process: the script records
which signed-in person each Streamlit session shows (:func:`remember_viewer`), and the guard lets a
``/media/`` file through only to a browser whose session cookie names one of the people whose
open page uses that file.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from coach.config import load_settings
from coach.workspace import sessions
from coach.workspace.attempts import open_store

_lock = threading.Lock()
_shared: dict[str, Any] = {}
_viewers: dict[str, int] = {}  # Streamlit session id -> person id (0: nobody signed in)


def _store_and_key() -> tuple[Any, bytes]:
    with _lock:
        if "store" not in _shared:
            settings = load_settings()
            _shared["store"] = open_store(settings)
            _shared["key"] = sessions.load_key(settings.data_dir)
        return _shared["store"], _shared["key"]


def remember_viewer(streamlit_session_id: str | None, person_id: int | None) -> None:
    """Called on every run of the app: who this Streamlit session shows things to."""
    if streamlit_session_id:
        with _lock:
            _viewers[streamlit_session_id] = person_id or 0


def _cookie(value: str, *, max_age: int, secure: bool) -> str:
    parts = [f"{sessions.COOKIE_NAME}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Strict"]
    return "; ".join(parts + (["Secure"] if secure else []))


async def session_route(request: Request) -> Response:
    """POST the one-time handoff as the body: the reply sets the session cookie (204) or refuses (403)."""
    handoff = (await request.body()).decode("ascii", "replace").strip()
    store, key = _store_and_key()
    redeemed = sessions.redeem(store, key, handoff)
    if redeemed is None:
        return PlainTextResponse("Unknown or used sign-in handoff: sign in again.", status_code=403)
    value, expires = redeemed
    response = Response(status_code=204)
    max_age = max(0, int((expires - datetime.now(UTC)).total_seconds()))
    response.headers["Set-Cookie"] = _cookie(value, max_age=max_age, secure=request.url.scheme == "https")
    response.headers["Cache-Control"] = "no-store"
    return response


async def signout_route(request: Request) -> Response:
    """Revoke the cookie's session (if any) and clear the cookie."""
    store, key = _store_and_key()
    found = sessions.resolve(store, key, request.cookies.get(sessions.COOKIE_NAME))
    if found is not None:
        sessions.revoke(store, found[1])
    response = Response(status_code=204)
    response.headers["Set-Cookie"] = _cookie("", max_age=0, secure=request.url.scheme == "https")
    return response


def _users_of(file_id: str) -> list[str]:
    from streamlit.runtime import Runtime

    manager = Runtime.instance().media_file_mgr
    by_session = getattr(manager, "_files_by_session_and_coord", {})
    return [sid for sid, files in list(by_session.items()) if file_id in set(files.values())]


def media_allowed(file_id: str, cookie: str | None) -> bool:
    """Whether a browser with this cookie may fetch the media file: it is on a signed-out page
    (public), or on a page of the person the cookie signs in."""
    users = _users_of(file_id)
    with _lock:
        viewers = {_viewers.get(sid, -1) for sid in users}
    if 0 in viewers:
        return True
    store, key = _store_and_key()
    found = sessions.resolve(store, key, cookie)
    return found is not None and found[0] in viewers


class MediaGuard:
    """ASGI middleware: ``/media/<id>.<ext>`` only for :func:`media_allowed`; everything else untouched."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope.get("type") == "http" else ""
        parts = path.rstrip("/").split("/")
        # Streamlit's media route (after any base URL path), not its fonts and icons under /static/media/
        if len(parts) >= 3 and parts[-2] == "media" and parts[-3] != "static":
            file_id = path.rsplit("/", 1)[-1].split(".", 1)[0]
            cookie = Request(scope).cookies.get(sessions.COOKIE_NAME)
            if not media_allowed(file_id, cookie):
                await PlainTextResponse("Sign in to hear this recording.", status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)
