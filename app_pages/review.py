"""Tinjauan (Review): the queue of attempts awaiting feedback, oldest first; one attempt with its audio,
transcript and timeline; comments pinned to a moment (their author may edit or delete them), a score override
with its reason, marking it reviewed.

The trainer sees the report exactly as the participant will, feedback included, beside the tools.
Changes run in button callbacks (before the widgets are drawn), so the form can be emptied after saving.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import exercise_title, flash, get_settings, md, principal, run, show_error, tr, trn, when
from app_pages.page import page_start
from app_pages.report_view import comment_caption, moments, render_report
from coach.errors import WicaraError
from coach.i18n import t, tn
from coach.report.dimensions import SCORE_KEYS
from coach.report.pipeline import SessionReport
from coach.workspace import attempts as own, auth, comments as comment_rules, operations as workspace

OPEN_KEY = "review_open"  # an attempt another page asked to open here (the dashboard's drill-down)
OPEN_ID = "review_open_id"  # the attempt this page has open, kept apart from the widget
NAMES = "review_names"  # attempt id -> participant's name, for the messages after a save
ERROR_KEY = "review_error"
WARNING_KEY = "review_warning"
PAGE_SIZE = 50
WHOLE, CUSTOM = -2.0, -1.0  # "the whole attempt" and "another time…" in the moment box
ALL = 0  # every cohort I run, in the cohort box (ids start at 1)

who, store, UI = page_start(tr("review_title"), wide=True, intro=tr("review_intro"))
if (failed := st.session_state.pop(ERROR_KEY, None)) is not None:
    show_error(failed)
if (warning := st.session_state.pop(WARNING_KEY, None)) is not None:
    st.warning(warning)


def _saved(message: str, attempt_id: int) -> None:
    """The success message names the attempt and its participant, so a trainer sees where it landed."""
    name = st.session_state.get(NAMES, {}).get(attempt_id)
    where = tr("saved_on_attempt", id=attempt_id, name=md(name)) if name else tr("saved_on_attempt_id", id=attempt_id)
    flash(f"{message} {where}")


def _act(action: str, attempt_id: int, comment_id: int = 0) -> None:
    """Button callbacks: save a comment (new or edited), delete one, save an override, or the review state;
    then empty the inputs. A save for any attempt but the one the page has open is refused, and that attempt
    is opened again with the text as typed."""
    state, me = st.session_state, principal()
    if state.get(OPEN_ID) != attempt_id:  # the page moved under the form: go back to it, save nothing
        state[WARNING_KEY] = tr("review_attempt_changed", id=attempt_id, open=state.get(OPEN_ID) or "–")
        state[OPEN_ID] = attempt_id
        return
    try:
        if action == "edit":
            text = str(state.get(f"rv_edit_{comment_id}") or "").strip()
            if not text:
                state[WARNING_KEY] = tr("comment_empty")
                return
            comment_rules.edit_comment(store, me, comment_id, text)
            _saved(tr("comment_edited"), attempt_id)
        elif action == "delete":
            comment_rules.delete_comment(store, me, comment_id)
            state.pop(f"rv_edit_{comment_id}", None)
            _saved(tr("comment_deleted"), attempt_id)
        elif action == "comment":
            text = str(state.get(f"rv_text_{attempt_id}") or "").strip()
            if not text:
                state[WARNING_KEY] = tr("comment_empty")
                return
            at = state.get(f"rv_at_{attempt_id}")
            at_s = state.get(f"rv_custom_{attempt_id}") if at == CUSTOM else None if at == WHOLE else at
            workspace.comment(store, me, attempt_id, text, at_s=None if at_s is None else float(at_s))
            state[f"rv_text_{attempt_id}"] = ""
            _saved(tr("comment_saved"), attempt_id)
        elif action == "override":
            reason = str(state.get(f"rv_reason_{attempt_id}") or "").strip()
            if not reason:
                state[WARNING_KEY] = tr("reason_missing")
                return
            dim = state[f"rv_dim_{attempt_id}"]
            score = float(state[f"rv_score_{attempt_id}_{dim}"])
            workspace.override(store, me, attempt_id, dimension=dim, score=score, reason=reason)
            state[f"rv_reason_{attempt_id}"] = ""
            _saved(tr("override_saved", dim=tr(f"dim_{dim}"), score=f"{score:.0f}"), attempt_id)
        else:
            workspace.mark_reviewed(store, me, attempt_id, reviewed=action == "reviewed")
            _saved(tr("marked_reviewed" if action == "reviewed" else "marked_pending"), attempt_id)
    except WicaraError as e:
        state[ERROR_KEY] = e


def _opened() -> None:
    """The trainer chose another attempt: it stays open until they choose again."""
    st.session_state[OPEN_ID] = st.session_state["review_attempt"]


def _queue() -> int | None:
    """The filters and the queue; returns the attempt chosen to open (or None)."""
    cohorts = {c.id: c for c in auth.visible_cohorts(store, who)}
    left, right = st.columns(2)
    cohort_id = left.selectbox(tr("cohort"), [ALL, *cohorts], key="review_cohort",
                               format_func=lambda i: t("all_my_cohorts", UI) if i == ALL
                               else f"{cohorts[i].code} · {cohorts[i].name}" if i in cohorts else str(i))
    state = right.radio(tr("review_state"), ["pending", "reviewed"], key="review_state", horizontal=True,
                        format_func=lambda s: t(f"state_{s}", UI))
    limit = int(st.session_state.get("review_limit", PAGE_SIZE))
    items = run(lambda: workspace.review_queue(store, who, cohort_id=cohort_id or None, state=state, limit=limit))
    if items is None:
        return None
    # The labels must not change when a comment is saved: the browser resets a selectbox whose
    # options changed to its default, which once moved the page (and the next save) to another attempt.
    labels: dict[int, str] = {}
    comments: dict[int, int] = {}
    for item in items:
        a = item.attempt
        labels[a.id] = t("queue_label", UI, id=a.id, name=item.person_name, cohort=item.cohort_code,
                         date=when(a.created_at), exercise=exercise_title(a.exercise_id, UI),
                         score="–" if a.scores.get("overall") is None else f"{a.scores['overall']:.0f}")
        comments[a.id] = item.comment_count
    st.session_state[NAMES] = {item.attempt.id: item.person_name for item in items}
    wanted = st.session_state.pop(OPEN_KEY, None)
    if wanted is not None:
        labels.setdefault(wanted, f"#{wanted}")
        st.session_state[OPEN_ID] = wanted
    if st.session_state.get(OPEN_ID) not in labels:
        st.session_state[OPEN_ID] = next(iter(labels), None)
    st.caption(trn("queue_count", len(items)))
    if not labels:
        st.info(tr("queue_empty"))
        return None
    options = list(labels)
    st.session_state["review_attempt"] = st.session_state[OPEN_ID]
    chosen = st.selectbox(tr("open_attempt"), options, key="review_attempt",
                          format_func=lambda i: labels.get(i, f"#{i}"), on_change=_opened)
    if comments.get(chosen):
        st.caption(tn("queue_comments", comments[chosen], UI))
    if len(items) >= limit and st.button(tr("load_more"), key="review_more"):
        st.session_state["review_limit"] = limit + PAGE_SIZE
        st.rerun()
    return chosen


def _tools(attempt: Any, feedback: Any) -> None:
    """Comment, override, mark reviewed: each a button whose callback saves it."""
    aid, report = attempt.id, SessionReport.from_dict(attempt.report)
    st.subheader(tr("feedback_tools"))
    with st.container(border=True):
        st.text_area(tr("comment_text"), key=f"rv_text_{aid}", max_chars=4000, height=110)
        spots = {WHOLE: t("whole_attempt", UI), **{s: label for s, label in moments(report)},
                 CUSTOM: t("custom_time", UI)}
        at = st.selectbox(tr("comment_at"), list(spots), key=f"rv_at_{aid}", format_func=lambda s: spots.get(s, s))
        if at == CUSTOM:
            st.number_input(tr("at_seconds"), min_value=0.0, max_value=max(1.0, report.duration_s),
                            value=0.0, step=1.0, key=f"rv_custom_{aid}")
        st.button(tr("add_comment"), key=f"rv_comment_{aid}", on_click=_act, args=("comment", aid), type="primary",
                  icon=":material/add_comment:")
    _own_comments(aid, feedback)
    with st.container(border=True):
        st.markdown(f"**{tr('override_title')}**")
        computed = report.scores
        dims = [d for d in SCORE_KEYS if d in computed]
        dim = st.selectbox(tr("override_dimension"), dims, key=f"rv_dim_{aid}",
                           format_func=lambda d: t(f"dim_{d}", UI))
        st.caption(tr("computed_score", score="–" if computed.get(dim) is None else f"{computed[dim]:.0f}"))
        current = feedback.scores.get(dim)
        st.number_input(tr("override_score"), min_value=0, max_value=100, step=1, key=f"rv_score_{aid}_{dim}",
                        value=int(round(current)) if current is not None else 50)
        st.text_input(tr("override_reason"), key=f"rv_reason_{aid}", max_chars=1000)
        st.button(tr("override_save"), key=f"rv_override_{aid}", on_click=_act, args=("override", aid),
                  icon=":material/edit:")
    if feedback.review_state == "reviewed":
        st.button(tr("mark_pending"), key=f"rv_pending_{aid}", on_click=_act, args=("pending", aid),
                  icon=":material/undo:")
    else:
        st.button(tr("mark_reviewed"), key=f"rv_done_{aid}", on_click=_act, args=("reviewed", aid), type="primary",
                  icon=":material/task_alt:")


def _own_comments(aid: int, feedback: Any) -> None:
    """The comments the signed-in trainer may change (their own; an admin: all), each editable or deletable."""
    me = principal()
    mine = [c for c in feedback.comments if comment_rules.can_change(me, c)]
    if not mine:
        return
    with st.expander(tn("own_comments", len(mine), UI), icon=":material/edit_note:"):
        for c in mine:
            st.caption(comment_caption(c))
            if f"rv_edit_{c.id}" not in st.session_state:
                st.session_state[f"rv_edit_{c.id}"] = c.text
            st.text_area(tr("comment_text"), key=f"rv_edit_{c.id}", max_chars=4000, height=90,
                         label_visibility="collapsed")
            row = st.container(horizontal=True, gap="small")
            row.button(tr("comment_save_edit"), key=f"rv_save_{c.id}", on_click=_act, args=("edit", aid, c.id),
                       icon=":material/save:")
            with row.popover(tr("comment_delete"), icon=":material/delete:"):
                st.caption(tr("comment_delete_confirm"))
                st.button(tr("comment_delete_yes"), key=f"rv_delete_{c.id}", on_click=_act,
                          args=("delete", aid, c.id), type="primary")


chosen = _queue()
if chosen is not None:
    attempt, feedback, name = run(lambda: (*workspace.open_attempt(store, who, chosen),
                                           own.attempt_owner_name(store, who, chosen)), stop=True)
    st.divider()
    st.subheader(f"#{attempt.id} · {md(name)}")
    report_col, tools_col = st.columns([3, 2], gap="large")
    with tools_col:
        _tools(attempt, feedback)
    with report_col:
        render_report(attempt, settings=get_settings(), key=f"review_{attempt.id}", feedback=feedback)
