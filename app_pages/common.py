"""What every page shares: cached settings, store, model and queue; the interface language; who is signed in.

Not a page itself (app.py does not list it). Objects that must exist once per server process
(settings, the database, the Whisper model, the analysis queue) are made with
``st.cache_resource``; per-visitor things (language, who is signed in: their id only) live in
``st.session_state``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from coach.workspace import attempts as own, auth, sessions
from coach.workspace.auth import Principal
from coach.workspace.passwords import SignInThrottle
from coach.config import Settings, load_settings
from coach.errors import WicaraError
from coach.guidelines import Guidelines, load_guidelines
from coach.i18n import LANGUAGES, error_message, t, tn
from coach.jobs.queue import AnalysisQueue
from coach.localtime import show, show_day, zone
from coach.safe_text import plain_md

LANG_KEY = "ui_lang"
PERSON_KEY = "person"  # {"id", "name", "cohort"} of the signed-in person, for the practice pages
PRINCIPAL_KEY = "principal_id"  # the only thing sign-in keeps: who, by id
SESSION_KEY = "session_id"  # their session (coach.workspace.sessions): revoked elsewhere, they are signed out here
HANDOFF_KEY = "session_handoff"  # after sign-in: the one-time value the page trades for the cookie
COOKIE_CLEAR_KEY = "session_clear_cookie"  # after sign-out: ask the server to clear the cookie
CURRENT_KEY = "principal"  # the Principal loaded for this run
FLASH_KEY = "flash"


# What the upload widgets accept: everything coach.audio decodes.
AUDIO_TYPES = ["wav", "mp3", "m4a", "mp4", "ogg", "oga", "opus", "webm", "flac", "aac"]


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def get_timezone() -> Any:
    """The zone times are shown in (``WICARA_TIMEZONE``, default Asia/Jakarta); stored times stay UTC."""
    return zone(get_settings().timezone)


def when(moment: Any) -> str:
    """A stored (UTC) moment as people here read it: ``2025-03-01 16:00 WIB``."""
    return show(moment, get_timezone())


def day_of(moment: Any) -> str:
    """The local day of a stored moment: ``2025-03-01``."""
    return show_day(moment, get_timezone())


@st.cache_resource(show_spinner=False)
def _guidelines_at(path: str | None) -> Guidelines:
    return load_guidelines(Path(path) if path else None)


def get_guidelines(settings: Any = None) -> Guidelines:
    """The guidelines in force (built-in, with the trainer's WICARA_GUIDELINES_FILE of ``settings``, default
    the app's), validated and read once per file."""
    file = (settings or get_settings()).guidelines_file
    return _guidelines_at(str(file) if file else None)


@st.cache_resource(show_spinner=False)
def get_store() -> Any:
    """The store, for handing to :mod:`coach.workspace` (pages never call it themselves)."""
    return own.open_store(get_settings(), sweep=True)


@st.cache_resource(show_spinner=False, ttl=60)  # a database that comes back is noticed within a minute
def startup_problems() -> list[Any]:
    """:func:`coach.preflight.check_startup` once per server: the settings, database and exercise files."""
    from coach.preflight import check_startup

    return check_startup(get_settings())


@st.cache_resource(show_spinner=False)
def session_key() -> bytes:
    return sessions.load_key(get_settings().data_dir)


def client_address() -> str | None:
    """The visitor's IP address (sign-in throttling counts failures per address too)."""
    try:
        return st.context.ip_address
    except Exception:  # AppTest and bare runs have none
        return None


def _stop_worker(queue: AnalysisQueue) -> None:
    if (worker := getattr(queue, "worker", None)) is not None:
        worker.stop()


@st.cache_resource(show_spinner=False, on_release=_stop_worker)
def get_queue() -> AnalysisQueue:
    """The analysis queue; with ``app_workers`` > 0 this server also runs a worker on it (the model is
    loaded in the background as soon as a page first needs the queue), so ``make app`` needs no other
    process."""
    from coach.jobs.worker import Worker

    settings = get_settings()
    queue = AnalysisQueue(settings, get_store(), transcriber=lambda: get_model())
    if settings.app_workers:
        # The model and the analysis's one-off imports load in the background: not on the first upload.
        queue.worker = Worker(queue, threads=settings.app_workers).start(warm_up=True)  # type: ignore[attr-defined]
    return queue


def get_throttle() -> SignInThrottle:
    """Failed sign-ins per account and per address, kept in the database (survives restarts)."""
    return SignInThrottle(get_store())


@st.cache_resource(show_spinner=False)
def get_model() -> Any:
    """The Whisper model, loaded once per server; every session shares it."""
    from coach.asr.transcribe import get_transcriber

    settings = get_settings()
    return get_transcriber(settings, num_workers=max(1, settings.app_workers))


@st.cache_resource(show_spinner=False)
def get_exercises() -> tuple[Any, ...]:
    """The valid exercises in ``exercises/``: a broken file is left out (the start-up check names it to
    admins), the others stay on offer."""
    from coach.media.exercises import EXERCISES_DIR, load_exercise

    found = []
    for path in sorted(EXERCISES_DIR.glob("*.toml")):
        try:
            found.append(load_exercise(path))
        except (WicaraError, OSError, ValueError, KeyError, TypeError):
            continue
    return tuple(found)


def lang() -> str:
    """The visitor's interface language ("id" or "en")."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = get_settings().ui_language
    return st.session_state[LANG_KEY]


def tr(key: str, **values: object) -> str:
    """:func:`coach.i18n.t` in the visitor's language."""
    return t(key, lang(), **values)


def trn(key: str, n: float, **values: object) -> str:
    """:func:`coach.i18n.tn` (a text with a count) in the visitor's language."""
    return tn(key, n, lang(), **values)


def language_switch(where: Any, key: str) -> None:
    """A language picker bound to the shared interface language (several pages may show one)."""
    st.session_state[key] = lang()

    def changed() -> None:
        st.session_state[LANG_KEY] = st.session_state[key]

    where.selectbox(tr("ui_language"), ["id", "en"], key=key, on_change=changed,
                    format_func=LANGUAGES.__getitem__)


def show_error(error: BaseException) -> None:
    """A WicaraError as a friendly message (with the library's own words on demand)."""
    st.error(error_message(error, lang()), icon=":material/error:")
    with st.expander(tr("error_detail")):
        st.code(str(error) or type(error).__name__, language=None, wrap_lines=True)


T = TypeVar("T")
F = TypeVar("F")


def run(call: Callable[[], T], *, stop: bool = False, failed: F = None) -> T | F:  # type: ignore[assignment]
    """``call()``; a WicaraError it raises is shown in the visitor's language (:func:`show_error`) and
    ``failed`` returned instead, or with ``stop`` the page stops there."""
    try:
        return call()
    except WicaraError as e:
        show_error(e)
        if stop:
            st.stop()
        return failed


def succeeded(call: Callable[[], object]) -> bool:
    """:func:`run` for an action the page goes on from only when it worked (a flash, a rerun)."""
    return run(lambda: (call(), True)[1], failed=False)


def current_principal() -> Principal | None:
    """Who is signed in, reloaded from the store on every run (app.py calls this before any page).

    Only the person's id lives in the session; their role, cohorts and whether the account is still
    switched on come fresh from the database, so a switched-off account is signed out at once.
    """
    person_id = st.session_state.get(PRINCIPAL_KEY)
    session_id = st.session_state.get(SESSION_KEY)
    if person_id is not None and session_id and not _live(session_id):
        sign_out(rerun=False)  # signed out elsewhere, or the PIN or password changed
        person_id = None
    if person_id is None:
        person_id = _from_cookie()
    who: Principal | None = None
    if person_id is not None:
        try:
            who = auth.load_principal(get_store(), int(person_id))
        except WicaraError:  # the person was deleted, or the database is unreachable
            who = None
        if who is None or not who.active:
            sign_out(rerun=False)
            who = None
    st.session_state[CURRENT_KEY] = who
    _remember_viewer(who)
    if who is None:
        st.session_state.pop(PERSON_KEY, None)
    else:
        cohorts = sorted(who.member_of | who.trainer_of)
        codes = ", ".join(c.code for c in own.my_cohorts(get_store(), who)) if cohorts else ""
        # The shape practice pages have always read (id, name, cohort): kept so they need no change.
        st.session_state[PERSON_KEY] = {"id": who.id, "name": who.name, "cohort": codes}
    return who


def _live(session_id: str) -> bool:
    try:
        return sessions.is_live(get_store(), session_id)
    except WicaraError:
        return False


def _from_cookie() -> int | None:
    """The person a valid session cookie signs in (a reload, a deep link, a new tab), or None."""
    try:
        cookie = st.context.cookies.get(sessions.COOKIE_NAME)
    except Exception:  # no browser behind this run (AppTest)
        return None
    if not cookie:
        return None
    try:
        found = sessions.resolve(get_store(), session_key(), cookie)
    except WicaraError:
        return None
    if found is None:
        return None
    st.session_state[PRINCIPAL_KEY], st.session_state[SESSION_KEY] = found
    return found[0]


def _remember_viewer(who: Principal | None) -> None:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        from app_pages.web import remember_viewer

        ctx = get_script_run_ctx()
        remember_viewer(ctx.session_id if ctx else None, who.id if who else None)
    except ImportError:
        pass


def session_cookie_script() -> None:
    """After sign-in (or sign-out), have the browser fetch (or clear) its HttpOnly session cookie from
    serve.py's routes; under a plain ``streamlit run app.py`` the request fails quietly."""
    handoff = st.session_state.pop(HANDOFF_KEY, None)
    if handoff:
        st.html(f"<script>fetch('/_wicara/session', {{method: 'POST', credentials: 'same-origin', "
                f"body: {json.dumps(handoff)}}}).catch(() => {{}});</script>", unsafe_allow_javascript=True)
    elif st.session_state.pop(COOKIE_CLEAR_KEY, False):
        st.html("<script>fetch('/_wicara/signout', {method: 'POST', credentials: 'same-origin'})"
                ".catch(() => {});</script>", unsafe_allow_javascript=True)


def principal() -> Principal | None:
    """The principal :func:`current_principal` loaded for this run."""
    return st.session_state.get(CURRENT_KEY)


def signed_in() -> Principal:
    """The signed-in principal; otherwise a note with a link to sign in, and the page stops."""
    who = principal()
    if who is None:
        st.info(tr("need_signin"), icon=":material/login:")
        st.stop()
    return who


def person() -> dict[str, Any] | None:
    """Who is practising in this session: {"id", "name", "cohort"}, or None when signed out."""
    return st.session_state.get(PERSON_KEY) if principal() is not None else None


def identity_form() -> dict[str, Any] | None:
    """The practising person (see :func:`person`); a sign-in note when nobody is signed in."""
    if person() is None:
        st.info(tr("need_signin"), icon=":material/login:")
        return None
    return person()


def start_session(who: Principal, *, message: str | None = None) -> None:
    """Remember who signed in (their id and session), start the app afresh for them, and have the
    browser collect its session cookie (so a reload keeps them signed in)."""
    for key in list(st.session_state):
        if key != LANG_KEY:
            del st.session_state[key]
    session_id, handoff = sessions.begin(get_store(), who.id,
                                         lifetime=timedelta(days=get_settings().session_days))
    st.session_state[PRINCIPAL_KEY], st.session_state[SESSION_KEY] = who.id, session_id
    st.session_state[HANDOFF_KEY] = handoff
    if message:
        flash(message)
    st.rerun()


def sign_out(*, rerun: bool = True) -> None:
    """Forget who is signed in and everything they had open (the interface language stays); the
    session is revoked, so the cookie no longer signs anyone in."""
    session_id = st.session_state.get(SESSION_KEY)
    if session_id:
        try:
            sessions.revoke(get_store(), session_id)
        except WicaraError:
            pass
    for key in list(st.session_state):
        if key != LANG_KEY:
            del st.session_state[key]
    st.session_state[COOKIE_CLEAR_KEY] = True
    if sso_available() and getattr(st.user, "is_logged_in", False):
        st.logout()  # ends the run itself
    if rerun:
        st.rerun()


def sso_available() -> bool:
    """Whether OpenID Connect sign-in is configured (an [auth] section in Streamlit's secrets)."""
    try:
        return bool(st.secrets.load_if_toml_exists()) and "auth" in st.secrets
    except Exception:  # a malformed secrets file: no SSO rather than a broken sign-in page
        return False


def md(text: object, *, keep_lines: bool = False) -> str:
    """User or exercise text made literal inside Markdown (:func:`coach.safe_text.plain_md`)."""
    return plain_md(text, keep_lines=keep_lines)


def flash(text: str) -> None:
    """A success message to show after the rerun that an action asks for (see :func:`show_flash`)."""
    st.session_state[FLASH_KEY] = text


def show_flash() -> None:
    if (text := st.session_state.pop(FLASH_KEY, None)) is not None:
        st.success(text, icon=":material/check_circle:")


def exercise_title(exercise_id: str | None, ui: str | None = None) -> str:
    """The exercise's title in ``ui`` (default: the visitor's language; pass it in format_func lambdas,
    which AppTest may call outside the script run)."""
    ui = ui or lang()
    if not exercise_id:
        return t("free_practice", ui)
    for ex in get_exercises():
        if ex.id == exercise_id:
            return ex.text("title", ui) or ex.id
    return exercise_id


def clock(seconds: float) -> str:
    """m:ss for a moment in a recording."""
    m, s = divmod(round(max(0.0, seconds)), 60)
    return f"{m}:{s:02d}"
