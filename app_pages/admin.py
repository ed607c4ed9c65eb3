"""Akun pelatih (Trainer accounts), for admins: create trainers and admins, switch an account off or on,
set a new password. (The first admin comes from ``wicara admin create-trainer``.)"""

from __future__ import annotations

import streamlit as st

from app_pages.common import flash, md, run, succeeded, tr, trn
from app_pages.page import page_start
from coach.i18n import t
from coach.workspace import operations as workspace, passwords

who, store, UI = page_start(tr("accounts_title"))
people = run(lambda: workspace.accounts(store, who), stop=True)

st.dataframe([{tr("col_name"): p.name, tr("col_login"): p.login or "", tr("col_role"): tr(f"role_{p.role}"),
               tr("col_active"): p.active} for p in people], hide_index=True, key="accounts_table")

by_id = {p.id: p for p in people}
st.subheader(tr("account_pick"))
chosen = st.selectbox(tr("account_pick"), list(by_id), key="accounts_pick", label_visibility="collapsed",
                      format_func=lambda i: f"{by_id[i].name} ({by_id[i].login})" if i in by_id else str(i))
if chosen is not None:
    target = by_id[chosen]
    left, right = st.columns(2)
    with left:
        label = "deactivate" if target.active else "activate"
        if st.button(tr(label), key="accounts_toggle", disabled=target.id == who.id,
                     icon=":material/person_off:" if target.active else ":material/person:") and succeeded(
                lambda: workspace.set_account_active(store, who, target.id, not target.active)):
            flash(tr("account_off" if target.active else "account_on", login=md(target.login)))
            st.rerun()
    with right:
        new = st.text_input(trn("password_min", passwords.MIN_PASSWORD_CHARS), type="password",
                            key=f"accounts_pw_{target.id}", max_chars=256)
        if st.button(tr("reset_password"), key="accounts_reset", icon=":material/password:") and succeeded(
                lambda: workspace.reset_pin(store, who, target.id, new)):  # for an account: its password
            st.success(tr("password_reset_done", login=md(target.login)))

st.subheader(tr("create_account"))
with st.form("accounts_new", clear_on_submit=True):
    name = st.text_input(tr("account_name"), max_chars=200, key="accounts_new_name")
    login = st.text_input(tr("login"), max_chars=200, key="accounts_new_login")
    password = st.text_input(trn("password_min", passwords.MIN_PASSWORD_CHARS), type="password", max_chars=256,
                             key="accounts_new_password")
    role = st.radio(tr("account_role"), ["trainer", "admin"], horizontal=True, key="accounts_new_role",
                    format_func=lambda r: t(f"role_{r}", UI))
    if st.form_submit_button(tr("create_account"), type="primary", icon=":material/person_add:",
                             key="accounts_create"):
        if not name.strip() or not login.strip() or not password:
            st.warning(tr("signin_missing"))
        elif (made := run(lambda: workspace.create_trainer(store, who, name, login=login, password=password,
                                                          role=role))) is not None:
            flash(tr("account_created", login=md(made.login)))
            st.rerun()
