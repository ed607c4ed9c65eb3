"""The dashboard's tools: cohorts and join codes, co-trainers, a participant's PIN or removal, CSV and PDF export.

Not a page itself: :mod:`app_pages.dashboard` calls these. Every change goes through
:mod:`coach.workspace.operations`, which checks the policy.
"""

from __future__ import annotations

import re

import streamlit as st

from app_pages.common import flash, get_store, get_timezone, lang, md, run, succeeded, tr, trn
from coach.i18n import t
from coach.workspace import auth, operations as workspace, roster
from coach.workspace.export import CSV_FORMATS, csv_format_for
from coach.workspace.operations import AttemptFilter, Cohort

NEXT_COHORT_KEY = "dash_cohort_next"  # a cohort to select on the next run (the box exists already)
SHOW_ARCHIVED_KEY = "dash_show_archived"


def join_code_text(code: str | None) -> str:
    """A join code as people read it aloud: ``K7P2QX`` → ``K7P-2QX``."""
    if not code:
        return ""
    return f"{code[:3]}-{code[3:]}" if len(code) == 6 else code


def cohort_tools(who: auth.Principal, cohort: Cohort | None) -> None:
    """Join code (show, renew, close), archive or restore, co-trainers (admins) and a new cohort, in one expander."""
    store = get_store()
    with st.expander(tr("manage_cohort"), expanded=cohort is None, icon=":material/settings:"):
        st.toggle(tr("show_archived"), key=SHOW_ARCHIVED_KEY)
        if cohort is not None and cohort.archived:
            _archive(who, cohort)
        elif cohort is not None:
            if cohort.join_code:
                st.markdown(tr("join_code_is", code=join_code_text(cohort.join_code)))
            else:
                st.caption(tr("joining_closed"))
            row = st.container(horizontal=True)
            if row.button(tr("new_join_code"), key="dash_new_code", icon=":material/autorenew:"):
                renewed = run(lambda: workspace.new_join_code(store, who, cohort.id))
                if renewed is not None:
                    flash(tr("join_code_is", code=join_code_text(renewed.join_code)))
                    st.rerun()
            if cohort.join_code and row.button(tr("close_joining"), key="dash_close_code", icon=":material/block:"):
                if run(lambda: workspace.new_join_code(store, who, cohort.id, open_to_join=False)) is not None:
                    flash(tr("joining_closed"))
                    st.rerun()
            if who.role == "admin":
                _co_trainer(who, cohort)
            _archive(who, cohort)
        with st.form("dash_new_cohort", clear_on_submit=True, border=False):
            st.markdown(f"**{tr('new_cohort')}**")
            code = st.text_input(tr("new_cohort_code"), max_chars=64, key="dash_new_cohort_code")
            name = st.text_input(tr("new_cohort_name"), max_chars=200, key="dash_new_cohort_name")
            if st.form_submit_button(tr("create_cohort"), icon=":material/add:", key="dash_create_cohort"):
                if not code.strip():
                    st.warning(tr("signin_missing"))
                    return
                made = run(lambda: workspace.new_cohort(store, who, code, name))
                if made is not None:
                    flash(tr("cohort_created", code=md(made.code), join=join_code_text(made.join_code)))
                    st.session_state[NEXT_COHORT_KEY] = made.id
                    st.rerun()


def _archive(who: auth.Principal, cohort: Cohort) -> None:
    """Archive the cohort, or restore an archived one (reversible, so no confirmation step)."""
    store = get_store()
    if cohort.archived:
        if st.button(tr("restore_cohort"), key="dash_restore", icon=":material/unarchive:") and succeeded(
                lambda: workspace.archive_cohort(store, who, cohort.id, archived=False)):
            flash(tr("cohort_restored", code=md(cohort.code)))
            st.rerun()
        return
    st.caption(tr("archive_help"))
    if st.button(tr("archive_cohort"), key="dash_archive", icon=":material/archive:") and succeeded(
            lambda: workspace.archive_cohort(store, who, cohort.id)):
        flash(tr("cohort_archived_done", code=md(cohort.code)))
        st.rerun()


def _co_trainer(who: auth.Principal, cohort: Cohort) -> None:
    store = get_store()
    running = {p.id for p in run(lambda: workspace.cohort_trainers(store, who, cohort.id), failed=[])}
    others = [p for p in run(lambda: workspace.accounts(store, who)) or [] if p.active and p.id not in running]
    if not others:
        return
    names = {p.id: f"{p.name} ({p.login})" for p in others}
    row = st.container(horizontal=True, vertical_alignment="bottom")
    chosen = row.selectbox(tr("add_cotrainer"), list(names), key=f"dash_cotrainer_{cohort.id}",
                           format_func=lambda i: names.get(i, str(i)))
    if row.button(tr("save"), key="dash_cotrainer_add") and chosen is not None and succeeded(
            lambda: workspace.add_trainer(store, who, cohort.id, chosen)):
        flash(tr("cotrainer_added", name=md(names[chosen])))
        st.rerun()


def reset_pin_tool(who: auth.Principal, person_id: int, name: str) -> None:
    """Set a new PIN for a participant who forgot theirs (their cohort's trainer, or an admin)."""
    store = get_store()
    if not auth.authorize(who, "manage", auth.person_resource(store, person_id)):
        return
    with st.expander(tr("reset_pin"), icon=":material/password:"):
        pin = st.text_input(tr("new_pin"), type="password", key=f"dash_pin_{person_id}", max_chars=128)
        if st.button(tr("save"), key=f"dash_pin_save_{person_id}") and succeeded(
                lambda: workspace.reset_pin(store, who, person_id, pin)):
            st.success(tr("pin_reset_done", name=md(name)))


def remove_participant_tool(who: auth.Principal, cohort: Cohort, person_id: int, name: str) -> bool:
    """Take a participant out of the cohort, after a confirmation that says how many attempts go with
    them. True when they were removed (the caller forgets them and reruns)."""
    store = get_store()
    if not auth.authorize(who, "manage", auth.cohort_resource(cohort.id)):
        return False
    ask_key = f"dash_remove_ask_{person_id}"
    with st.expander(tr("remove_participant"), icon=":material/person_remove:"):
        st.caption(tr("remove_participant_help"))
        if not st.session_state.get(ask_key):
            if st.button(tr("remove_participant_button", name=name), key=f"dash_remove_{person_id}"):
                st.session_state[ask_key] = True
                st.rerun()
            return False
        preview = run(lambda: workspace.removal_preview(store, who, cohort.id, person_id))
        if preview is None:
            st.session_state.pop(ask_key, None)
            return False
        st.warning(trn("remove_participant_confirm", preview.attempts, name=md(name)), icon=":material/warning:")
        row = st.container(horizontal=True)
        if row.button(tr("remove_participant_yes"), key=f"dash_remove_yes_{person_id}", type="primary",
                      icon=":material/delete_forever:"):
            st.session_state.pop(ask_key, None)
            done = run(lambda: workspace.remove_participant(store, who, cohort.id, person_id))
            if done is not None:
                flash(trn("participant_removed", done.attempts, name=md(done.name)))
                return True
        if row.button(tr("remove_participant_cancel"), key=f"dash_remove_no_{person_id}"):
            st.session_state.pop(ask_key, None)
            st.rerun()
    return False


def first_pins_tool(who: auth.Principal, cohort: Cohort) -> None:
    """First PINs for participants an import added (they have none, and nobody may claim them): made
    here, shown once as a printable list."""
    if not auth.authorize(who, "manage", auth.cohort_resource(cohort.id)):
        return
    with st.expander(tr("first_pins"), icon=":material/pin:"):
        st.caption(tr("first_pins_help"))
        if st.button(tr("first_pins_button"), key=f"dash_first_pins_{cohort.id}"):
            issued = run(lambda: auth.issue_first_pins(get_store(), who, cohort.id))
            if issued is not None and not issued:
                st.info(tr("first_pins_none"))
            elif issued:
                rows = [{tr("your_name"): p.name, "PIN": pin} for p, pin in issued]
                st.dataframe(rows, hide_index=True)
                text = "\n".join(f"{p.name}\t{pin}" for p, pin in issued) + "\n"
                st.download_button(tr("download_csv"), text.encode("utf-8"), file_name=f"{_file_stem(cohort)}-pins.txt",
                                   mime="text/plain", key=f"dash_first_pins_dl_{cohort.id}", on_click="ignore")


def roster_tool(who: auth.Principal, cohort: Cohort) -> None:
    """Upload a CSV of names: participants are added (duplicates skipped and listed) and each gets a first
    PIN, shown once and downloadable to hand out (:mod:`coach.workspace.roster`)."""
    if not (auth.authorize(who, "import", auth.cohort_resource(cohort.id))
            and auth.authorize(who, "manage", auth.cohort_resource(cohort.id))):
        return
    held_key = f"dash_roster_done_{cohort.id}"
    with st.expander(tr("roster_import"), icon=":material/group_add:"):
        st.caption(tr("roster_help"))
        upload = st.file_uploader(tr("roster_file"), type=["csv", "txt"], key=f"dash_roster_file_{cohort.id}")
        if st.button(tr("roster_button"), key=f"dash_roster_import_{cohort.id}", disabled=upload is None):
            done = run(lambda: roster.import_roster(get_store(), who, cohort.id, upload.getvalue()))
            if done is not None:
                st.session_state[held_key] = done
        done = st.session_state.get(held_key)
        if done is None:
            return
        st.success(tr("roster_added", n=len(done.added)))
        if done.skipped:
            st.warning(tr("roster_skipped", names=", ".join(md(row.name) for row, _ in done.skipped)))
        if done.pins:
            st.dataframe([{tr("your_name"): name, "Email": email, "PIN": pin} for name, email, pin in done.pins],
                         hide_index=True)
            st.download_button(tr("download_csv"), roster.pins_csv(done.pins, lang=lang()),
                               file_name=f"{_file_stem(cohort)}-pins.csv", mime="text/csv",
                               key=f"dash_roster_pins_dl_{cohort.id}", on_click="ignore", icon=":material/download:")
        if st.button(tr("roster_hide_pins"), key=f"dash_roster_hide_{cohort.id}"):
            del st.session_state[held_key]
            st.rerun()


def _file_stem(cohort: Cohort) -> str:
    return "wicara-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", cohort.code).strip("-") or str(cohort.id))


def export_tools(who: auth.Principal, cohort: Cohort, flt: AttemptFilter) -> None:
    """Prepare, then download, the cohort's CSV and PDF for the current filters.

    Two steps, because a PDF with charts takes seconds (a browser draws them) and the page reruns
    on every click; what was prepared stays until the cohort or the filters change.
    """
    if not auth.authorize(who, "export", auth.cohort_resource(cohort.id)):
        return
    store, ui, tz, wanted = get_store(), lang(), get_timezone(), (cohort.id, flt)
    st.subheader(tr("export"))
    st.caption(tr("export_help"))
    csv_col, pdf_col = st.columns(2)
    with csv_col:
        fmt = st.selectbox(tr("csv_format"), CSV_FORMATS, index=CSV_FORMATS.index(csv_format_for(ui)),
                           key="dash_csv_format", format_func=lambda f: t(f"csv_format_{f}", ui))
        wanted_csv = (cohort.id, flt, fmt)
        if st.button(tr("export_csv"), key="dash_export_csv", icon=":material/table_view:"):
            data = run(lambda: workspace.export_csv(store, who, cohort.id, flt, fmt=fmt, tz=tz))
            if data is not None:
                st.session_state["dash_csv"] = (wanted_csv, data)
        held = st.session_state.get("dash_csv")
        if held and held[0] == wanted_csv:
            st.download_button(tr("download_csv"), held[1], file_name=f"{_file_stem(cohort)}.csv", mime="text/csv",
                               key="dash_download_csv", on_click="ignore", type="primary", icon=":material/download:")
    with pdf_col:
        if st.button(tr("export_pdf"), key="dash_export_pdf", icon=":material/picture_as_pdf:"):
            with st.spinner(tr("making_pdf")):
                made = run(lambda: workspace.export_pdf(store, who, cohort.id, flt, lang=ui, tz=tz))
            if made is not None:
                st.session_state["dash_pdf"] = (wanted, made[0], made[1].note)
        held = st.session_state.get("dash_pdf")
        if held and held[0] == wanted:
            st.download_button(tr("download_pdf"), held[1], file_name=f"{_file_stem(cohort)}.pdf",
                               mime="application/pdf", key="dash_download_pdf", on_click="ignore", type="primary",
                               icon=":material/download:")
            if held[2]:
                st.caption(tr("pdf_no_charts", why=held[2]))
