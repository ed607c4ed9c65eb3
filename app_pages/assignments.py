"""Tugas (Assignments): a trainer asks a cohort (everyone, or chosen participants) to do an exercise by a
date; a participant sees what is due, what is done and what is late, and starts it in one click."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from app_pages.common import exercise_title, flash, get_exercises, get_timezone, md, run, succeeded, tr, when
from app_pages.page import page_start
from coach.localtime import from_local, zone_label
from coach.workspace import auth, operations as workspace

who, store, UI = page_start(tr("assignments_title"))


def _mine() -> None:
    """What the signed-in participant has been asked to do, soonest due first."""
    items = run(lambda: workspace.due(store, who))
    if items is None:
        return
    if not items:
        st.info(tr("nothing_due"), icon=":material/event_available:")
        return
    for item in items:
        a = item.assignment
        with st.container(border=True):
            st.markdown(f"**{md(exercise_title(a.exercise_id, UI))}**")
            if item.done:
                st.badge(tr("status_done"), icon=":material/check:", color="green")
            elif item.overdue:
                st.badge(tr("status_overdue"), icon=":material/schedule:", color="red")
            else:
                st.badge(tr("status_open"), icon=":material/pending:", color="orange")
            st.caption(tr("due_label", cohort=md(item.cohort_code), due=when(a.due_at)))
            if a.note:
                st.text(a.note)
            if not item.done and st.button(tr("practise_now"), key=f"asg_go_{a.id}", icon=":material/mic:"):
                st.session_state["practice_exercise"] = a.exercise_id  # the practice page's exercise box
                st.switch_page("app_pages/practice.py")


def _cohort_view() -> None:
    """A trainer's (or admin's) assignments per cohort: who has done each, and a form for a new one."""
    cohorts = {c.id: c for c in auth.visible_cohorts(store, who)}
    if not cohorts:
        st.info(tr("no_cohorts"))
        return
    cohort_id = st.selectbox(tr("cohort"), list(cohorts), key="asg_cohort",
                             format_func=lambda i: f"{cohorts[i].code} · {cohorts[i].name}" if i in cohorts else i)
    existing = run(lambda: workspace.cohort_assignments(store, who, cohort_id))
    if existing is None:
        return
    if not existing:
        st.caption(tr("no_assignments"))
    people = {p.id: p.name for p in run(lambda: workspace.cohort_participants(store, who, cohort_id), failed=[])}
    for a in existing:
        with st.container(border=True):
            done, waiting = workspace.assignment_progress(store, who, a.id)
            st.markdown(f"**{md(exercise_title(a.exercise_id, UI))}**")
            st.caption(f"{tr('due_label', cohort=md(cohorts[cohort_id].code), due=when(a.due_at))} · "
                       f"{tr('status_done')}: {len(done)}/{len(done) + len(waiting)}")
            if a.person_ids:
                st.caption(tr("assigned_to_some", names=", ".join(md(people.get(p, "?")) for p in a.person_ids)))
            if a.note:
                st.text(a.note)
            if st.button(tr("remove_assignment"), key=f"asg_remove_{a.id}", icon=":material/delete:") and succeeded(
                    lambda: workspace.unassign(store, who, a.id)):
                flash(tr("removed"))
                st.rerun()
    _new(cohort_id, people)


def _new(cohort_id: int, people: dict[int, str]) -> None:
    exercises = {ex.id: ex for ex in get_exercises()}
    st.subheader(tr("assign_new"))
    if not exercises:
        st.caption(tr("no_exercises"))
        return
    with st.form(f"asg_new_{cohort_id}", clear_on_submit=True):
        ex_id = st.selectbox(tr("exercise"), list(exercises), key="asg_exercise",
                             format_func=lambda i: exercises[i].text("title", UI) or i if i in exercises else i)
        left, right = st.columns(2)
        tz = get_timezone()
        today = datetime.now(tz).date()  # the trainer's day, not the server's
        zone_name = zone_label(tz)
        day = left.date_input(tr("due_date", zone=zone_name), value=today + timedelta(days=7), min_value=today,
                              key="asg_due_date", format="YYYY-MM-DD")
        hour = right.time_input(tr("due_time", zone=zone_name), value=time(23, 59), key="asg_due_time")
        chosen = st.multiselect(tr("assign_to"), list(people), default=list(people), key="asg_people",
                                format_func=lambda i: people.get(i, str(i)), help=tr("assign_to_help"))
        note = st.text_area(tr("assign_note"), key="asg_note", max_chars=1000, height=80)
        if st.form_submit_button(tr("assign_button"), type="primary", icon=":material/assignment_add:",
                                 key="asg_submit"):
            if people and not chosen:
                st.warning(tr("assign_pick_someone"))
                return
            # Everyone chosen: the whole cohort, so those who join later get it too.
            targets = None if set(chosen) == set(people) else list(chosen)
            if succeeded(lambda: workspace.assign(store, who, cohort_id, ex_id, due_at=from_local(day, hour, tz),
                                                  note=note, person_ids=targets)):
                flash(tr("assigned"))
                st.rerun()


if who.role == "participant":
    _mine()
else:
    _cohort_view()
