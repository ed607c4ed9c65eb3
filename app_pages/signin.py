"""Masuk (Sign in): participants join a cohort with its join code, their name and a PIN; trainers and
admins sign in with a login and a password; with OpenID Connect configured, also through SSO."""

from __future__ import annotations

import streamlit as st

from app_pages.common import client_address, get_store, get_throttle, run, sso_available, start_session, tr, trn
from coach.workspace import auth, passwords


def _participant(*, self_study: bool = False) -> None:
    """Join a cohort with its code, or (``self_study``) the built-in self-study cohort with no code."""
    prefix = "signin_self" if self_study else "signin"
    code = "" if self_study else st.text_input(tr("join_code"), key="signin_join_code", max_chars=32,
                                                help=tr("join_code_help"))
    name = st.text_input(tr("your_name"), key=f"{prefix}_name", max_chars=200)
    pin = st.text_input(trn("pin", passwords.MIN_PIN_CHARS), key=f"{prefix}_pin", type="password", max_chars=128,
                        help=tr("pin_help"))
    if not st.button(tr("join_button"), type="primary", key=f"{prefix}_join"):
        return
    if (not self_study and not code.strip()) or not name.strip() or not pin:
        st.warning(tr("signin_missing"))
        return
    throttle, address = get_throttle(), client_address()
    who = run(lambda: auth.join_self_study(get_store(), name, pin, throttle=throttle, address=address) if self_study
              else auth.join_cohort(get_store(), code, name, pin, throttle=throttle, address=address))
    if who is not None:
        start_session(who)


def _trainer() -> None:
    login = st.text_input(tr("login"), key="signin_login", max_chars=200)
    password = st.text_input(tr("password"), key="signin_password", type="password", max_chars=256)
    if not st.button(tr("signin_button"), type="primary", key="signin_submit"):
        return
    if not login.strip() or not password:
        st.warning(tr("signin_missing"))
        return
    who = run(lambda: auth.sign_in(get_store(), login, password, throttle=get_throttle(), address=client_address()))
    if who is not None:
        start_session(who)


def _sso() -> None:
    """OpenID Connect through ``st.login``: the e-mail it proves must belong to an account an admin made."""
    user = st.user
    if getattr(user, "is_logged_in", False):
        who = run(lambda: auth.sign_in_external(get_store(), str(user.get("email") or ""),
                                                email_verified=user.get("email_verified")))
        if who is None:
            if st.button(tr("sso_sign_out"), key="signin_sso_out"):
                st.logout()
            return
        start_session(who)
    st.caption(tr("sso_or"))
    if st.button(tr("sso_button"), key="signin_sso", icon=":material/key:"):
        st.login()


st.title(tr("signin_title"))
st.caption(tr("signin_intro"))
participant_tab, self_tab, trainer_tab = st.tabs([tr("tab_participant"), tr("tab_self_study"), tr("tab_trainer")])
with participant_tab:
    _participant()
with self_tab:
    st.caption(tr("self_study_intro"))
    _participant(self_study=True)
with trainer_tab:
    _trainer()
    if sso_available():
        _sso()
