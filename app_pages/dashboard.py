"""Dasbor kelompok (Cohort dashboard): who practises, who improves, who struggles; one participant and
one attempt on demand; CSV and PDF export. Trainers see their cohorts, admins every cohort."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import day_of, exercise_title, get_settings, get_timezone, run, tr, when
from app_pages.page import page_start
from app_pages.dashboard_tools import (NEXT_COHORT_KEY, SHOW_ARCHIVED_KEY, cohort_tools, export_tools, first_pins_tool,
                                       remove_participant_tool, reset_pin_tool, roster_tool)
from app_pages.report_view import render_report
from coach.workspace import auth, operations as workspace
from coach.charts import APP_CONFIG
from coach.charts.attempts import progress_figure
from coach.charts.cohort import dashboard_figures, label
from coach.i18n import t
from coach.localtime import day_range, local, zone_label
from coach.workspace.cohort import CohortDashboard
from coach.workspace.operations import AttemptFilter

ALL = "__all__"
PERSON_KEY = "dash_person"
CHART_CONFIG = APP_CONFIG

who, store, UI = page_start(tr("dashboard_title"), wide=True)
# Archived cohorts only when asked for (the toggle is in the cohort tools, below the picker).
show_archived = bool(st.session_state.get(SHOW_ARCHIVED_KEY))
cohorts = run(lambda: auth.visible_cohorts(store, who, include_archived=show_archived), stop=True)
by_id = {c.id: c for c in cohorts}
if not cohorts:
    st.info(tr("no_cohorts"))
    cohort_tools(who, None)
    st.stop()
if (wanted := st.session_state.pop(NEXT_COHORT_KEY, None)) in by_id:  # one just created
    st.session_state["dash_cohort"] = wanted
if st.session_state.get("dash_cohort") not in by_id:  # just archived, or hidden again
    st.session_state.pop("dash_cohort", None)
cohort_id = st.selectbox(tr("cohort"), list(by_id), key="dash_cohort", format_func=lambda i: (
    f"{by_id[i].code} · {by_id[i].name}" + (f" ({t('archived_tag', UI)})" if by_id[i].archived else "")
    if i in by_id else str(i)))
cohort = by_id[cohort_id]
if cohort.archived:
    st.info(tr("cohort_is_archived"), icon=":material/inventory_2:")
cohort_tools(who, cohort)


def _filters() -> AttemptFilter:
    options = run(lambda: workspace.filter_options(store, who, cohort.id), stop=True)
    exercises = ["" if e is None else e for e in options["exercise_ids"]]
    left, middle, right = st.columns(3)
    tz = get_timezone()  # the days a trainer picks are local days (WIB by default)
    exercise = left.selectbox(tr("filter_exercise"), [ALL, *exercises], key=f"dash_ex_{cohort.id}",
                              format_func=lambda e: t("all_exercises", UI) if e == ALL else exercise_title(e, UI))
    language = middle.selectbox(tr("filter_language"), [ALL, *options["languages"]], key=f"dash_lang_{cohort.id}",
                                format_func=lambda c: t("all_languages", UI) if c == ALL else t(f"lang_{c}", UI))
    dates = right.date_input(tr("filter_dates", zone=zone_label(tz)), value=(), key=f"dash_dates_{cohort.id}", format="YYYY-MM-DD",
                             min_value=local(options["first_at"], tz).date() if options["first_at"] else None,
                             max_value=local(options["last_at"], tz).date() if options["last_at"] else None)
    dates = tuple(dates) if isinstance(dates, (list, tuple)) else (dates,) if dates else ()
    since, until = day_range(dates[0] if dates else None, dates[1] if len(dates) > 1 else None, tz)
    return AttemptFilter(exercise_id=None if exercise == ALL else exercise, since=since, until=until,
                         language=None if language == ALL else language)


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.0f}" if signed else f"{value:.0f}"


def _stats(dash: CohortDashboard) -> None:
    means = [p.mean.get("overall") for p in dash.practised if p.mean.get("overall") is not None]
    row = st.container(horizontal=True, gap="small")
    row.metric(tr("stat_participants"), len(dash.participants), border=True, width=160)
    row.metric(tr("stat_practised"), len(dash.practised), border=True, width=160)
    row.metric(tr("stat_attempts"), dash.attempt_count, border=True, width=160)
    row.metric(tr("stat_mean"), _fmt(sum(means) / len(means) if means else None), border=True, width=160)
    row.metric(tr("stat_change"), _fmt(dash.change_mean.get("overall"), True), border=True, width=160)


def _chart_pick(chart_key: str) -> None:
    """A click on a participant's dot or row opens them below (customdata ends with the person id)."""
    try:
        points = st.session_state[chart_key]["selection"]["points"]
    except (KeyError, TypeError):
        return
    for point in points or []:
        data = point.get("customdata")
        if isinstance(data, (list, tuple)) and data:
            try:
                st.session_state[PERSON_KEY] = int(data[-1])
            except (TypeError, ValueError):
                continue
            return


def _chart(fig: Any, key: str, *, pickable: bool = False) -> None:
    if pickable:
        st.plotly_chart(fig, key=key, width="stretch", config=CHART_CONFIG, on_select=lambda: _chart_pick(key),
                        selection_mode="points")
    else:
        st.plotly_chart(fig, key=key, width="stretch", config=CHART_CONFIG)


def _lists(dash: CohortDashboard) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown(f"#### {tr('outliers')}", help=tr("outliers_help"))
        if dash.outliers:
            st.dataframe([{tr("col_name"): o.name, tr("col_kind"): tr(f"outlier_{o.kind}"),
                           tr("col_value"): round(o.value, 1), "z": round(o.z, 2)} for o in dash.outliers],
                         hide_index=True, key="dash_outliers")
        else:
            st.caption(tr("no_outliers"))
    with right:
        idle = dash.not_practised
        st.markdown(f"#### {tr('not_practised', n=len(idle))}")
        if idle:
            st.dataframe([{tr("col_name"): p.name} for p in idle], hide_index=True, key="dash_idle")
        else:
            st.caption(tr("everyone_practised"))
    with st.expander(tr("participants_table")):
        st.dataframe([{tr("col_name"): p.name, tr("col_attempts"): p.attempts,
                       tr("col_last"): day_of(p.last_at) if p.last_at else "",
                       tr("col_mean"): _round(p.mean.get("overall")),
                       tr("col_first"): _round(p.first.get("overall")) if p.first else None,
                       tr("col_latest"): _round(p.latest.get("overall")) if p.latest else None,
                       tr("col_change"): _round(p.change.get("overall"))} for p in dash.participants],
                     hide_index=True, key="dash_people")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _drill(dash: CohortDashboard) -> None:
    """One participant (their trend and attempts), then one attempt in full."""
    st.subheader(tr("drill_title"))
    names = {p.person_id: f"{p.name} ({p.attempts})" for p in dash.participants}
    plain = {p.person_id: p.name for p in dash.participants}
    if st.session_state.get(PERSON_KEY) not in names:
        st.session_state[PERSON_KEY] = None
    person_id = st.selectbox(tr("drill_participant"), list(names), key=PERSON_KEY, help=tr("drill_help"),
                             placeholder=tr("choose_person"), format_func=lambda i: names.get(i, str(i)))
    if person_id is None:
        return
    attempts = run(lambda: workspace.progress(store, who, person_id))
    if attempts is None:
        return
    reset_pin_tool(who, person_id, plain[person_id])
    if remove_participant_tool(who, dash.cohort, person_id, plain[person_id]):
        st.rerun()  # the picker forgets them: they are no longer in the cohort
    if not attempts:
        st.caption(t("no_attempts", UI))
        return
    _chart(progress_figure(attempts, lang=UI, tz=get_timezone()), f"dash_trend_{person_id}")
    newest = list(reversed(attempts))
    labels = {a.id: t("attempt_label", UI, id=a.id, date=when(a.created_at),
                      exercise=exercise_title(a.exercise_id, UI), score=_fmt(a.scores.get("overall")))
              for a in newest}
    attempt_id = st.selectbox(tr("drill_attempt"), list(labels), key=f"dash_attempt_{person_id}",
                              format_func=lambda i: labels.get(i, str(i)))
    opened = run(lambda: workspace.open_attempt(store, who, attempt_id))
    if opened is None:
        return
    attempt, feedback = opened
    if auth.authorize(who, "review", auth.attempt_resource(store, attempt_id)) and st.button(
            tr("review_this"), key="dash_review", icon=":material/rate_review:"):
        st.session_state["review_open"] = attempt_id
        st.switch_page("app_pages/review.py")
    with st.container(border=True):
        render_report(attempt, settings=get_settings(), key=f"dash_report_{attempt_id}", feedback=feedback)


flt = _filters()
dash = run(lambda: workspace.dashboard(store, who, cohort.id, flt), stop=True)
_stats(dash)
if dash.attempt_count == 0:
    st.info(tr("no_data_in_range"))
else:
    figures = dashboard_figures(dash, lang=UI)
    st.markdown(f"#### {label('distribution', UI)}")
    _chart(figures["distribution"], "dash_distribution")
    left, right = st.columns(2)
    with left:
        st.markdown(f"#### {label('change', UI)}")
        _chart(figures["change"], "dash_change")
    with right:
        st.markdown(f"#### {label('improvement', UI)}")
        _chart(figures["improvement"], "dash_improvement", pickable=True)
    st.markdown(f"#### {label('heatmap', UI)}")
    _chart(figures["heatmap"], "dash_heatmap", pickable=True)
_lists(dash)
_drill(dash)
export_tools(who, cohort, flt)
roster_tool(who, cohort)
first_pins_tool(who, cohort)
