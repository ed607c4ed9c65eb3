"""What a signed-in page starts with, its own attempts, and the sidebar (app.py) with who is signed in.
Not a page itself."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import (client_address, get_store, get_throttle, lang, md, person, principal, run, show_flash,
                              sign_out, signed_in, start_session, succeeded, tr)
from coach.workspace import auth, operations as workspace
from coach.workspace.auth import Principal

__all__ = ["archived_notice", "identity_sidebar", "own_attempts", "page_start"]


def page_start(title: str, *, wide: bool = False, intro: str | None = None) -> tuple[Principal, Any, str]:
    """A signed-in page's prelude: the layout, who is signed in (else a note, and the page stops), the
    title (and its introduction) and the last action's message. Returns ``(who, store, interface language)``."""
    if wide:
        st.set_page_config(layout="wide")
    who = signed_in()
    store, ui = get_store(), lang()
    st.title(title)
    if intro is not None:
        st.caption(intro)
    show_flash()
    return who, store, ui


def own_attempts(who: Principal) -> list[Any]:
    """The signed-in person's attempts, oldest first; when there are none a pointer to practise, and the page stops."""
    everything = run(lambda: workspace.progress(get_store(), who, who.id), stop=True)
    if not everything:
        st.info(tr("no_attempts"))
        st.page_link("app_pages/practice.py", label=tr("nav_practice"), icon=":material/mic:")
        st.stop()
    return everything


def archived_notice() -> None:
    """On every page, a participant whose cohort was archived is told why they cannot record in it."""
    who = principal()
    if who is None or who.role != "participant":
        return
    if archived := run(lambda: workspace.archived_cohorts(get_store(), who), failed=[]):
        st.info(tr("archived_for_participant", codes=", ".join(md(c.code) for c in archived)),
                icon=":material/inventory_2:")


def identity_sidebar() -> None:
    """Who is signed in, with a way to change the password and to sign out."""
    who = principal()
    if who is None:
        return
    bar = st.sidebar
    bar.markdown(tr("signed_in_as", name=md(who.name), role=tr(f"role_{who.role}")))
    codes = (person() or {}).get("cohort")
    if codes:
        bar.caption(tr("signed_in_cohorts", codes=codes))
    if bar.button(tr("sign_out"), key="sign_out", icon=":material/logout:"):
        sign_out()
    with bar.expander(tr("change_password")):
        current = st.text_input(tr("current_password"), type="password", key="pw_current")
        new = st.text_input(tr("new_password"), type="password", key="pw_new")
        if st.button(tr("save"), key="pw_save") and succeeded(lambda: auth.change_password(
                get_store(), who, current, new, throttle=get_throttle(), address=client_address())):
            start_session(who, message=tr("password_changed"))  # every session of theirs ended: a new one here
