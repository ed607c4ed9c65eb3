"""What every page shares: cached settings, store, model and queue; the interface language; identity.

Not a page itself (app.py does not list it). Objects that must exist once per server process
(settings, the database, the Whisper model, the analysis queue) are made with
``st.cache_resource``; per-visitor things (language, who is practising) live in
``st.session_state``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from coach.config import Settings, load_settings
from coach.errors import WicaraError
from coach.i18n import error_message, t
from coach.jobs import JobQueue
from coach.store import Store

LANG_KEY = "ui_lang"
PERSON_KEY = "person"


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def get_store() -> Store:
    return Store.from_settings(get_settings())


@st.cache_resource(show_spinner=False)
def get_queue() -> JobQueue:
    return JobQueue(get_settings().max_concurrent_analyses)


@st.cache_resource(show_spinner=False)
def get_model() -> Any:
    """The Whisper model, loaded once per server; every session shares it."""
    from coach.transcribe import get_transcriber

    return get_transcriber(get_settings())


@st.cache_resource(show_spinner=False)
def get_exercises() -> tuple[Any, ...]:
    """The exercises in ``exercises/``; none (free practice only) if the folder cannot be read."""
    try:
        from coach.exercises import load_exercises

        return tuple(load_exercises())
    except (ImportError, WicaraError, OSError):
        return ()


def lang() -> str:
    """The visitor's interface language ("id" or "en")."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = get_settings().ui_language
    return st.session_state[LANG_KEY]


def tr(key: str, **values: object) -> str:
    """:func:`coach.i18n.t` in the visitor's language."""
    return t(key, lang(), **values)


def language_switch(where: Any, key: str) -> None:
    """A language picker bound to the shared interface language (several pages may show one)."""
    st.session_state[key] = lang()

    def changed() -> None:
        st.session_state[LANG_KEY] = st.session_state[key]

    where.selectbox(tr("ui_language"), ["id", "en"], key=key, on_change=changed,
                    format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code])


def show_error(error: BaseException) -> None:
    """A WicaraError as a friendly message (with the library's own words on demand)."""
    st.error(error_message(error, lang()), icon=":material/error:")
    with st.expander(tr("error_detail")):
        st.code(str(error) or type(error).__name__, language=None, wrap_lines=True)


def person() -> dict[str, Any] | None:
    """Who is practising in this session: {"id", "name", "cohort"}, or None before they say."""
    return st.session_state.get(PERSON_KEY)


def identity_form() -> dict[str, Any] | None:
    """Ask for a name and cohort code on the first visit; returns the person once known."""
    if person() is not None:
        return person()
    st.subheader(tr("identity_title"))
    st.caption(tr("identity_help"))
    code = st.text_input(tr("cohort_code"), key="identity_cohort", max_chars=64).strip()
    existing = []
    if code:
        try:
            existing = [p.name for p in get_store().people_in_cohort(code)]
        except WicaraError as e:
            show_error(e)
    picked = tr("new_person")
    if existing:
        picked = st.selectbox(tr("existing_people"), [tr("new_person"), *existing], key="identity_pick")
    name = picked if picked != tr("new_person") else st.text_input(tr("your_name"), key="identity_name",
                                                                    max_chars=200)
    if st.button(tr("start"), type="primary", key="identity_start"):
        if not code or not (name or "").strip():
            st.warning(tr("identity_missing"))
            return None
        try:
            found = get_store().get_or_create_person(name, cohort_code=code)
        except WicaraError as e:
            show_error(e)
            return None
        st.session_state[PERSON_KEY] = {"id": found.id, "name": found.name, "cohort": code}
        st.rerun()
    return None


def identity_sidebar() -> None:
    """Who is practising, with a way to switch."""
    who = person()
    if who is None:
        return
    st.sidebar.markdown(tr("you_are", name=who["name"], cohort=who["cohort"]))
    if st.sidebar.button(tr("change_identity"), key="identity_change"):
        for key in (PERSON_KEY, "attempt_id", "identity_name", "identity_pick"):
            st.session_state.pop(key, None)
        st.rerun()


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
