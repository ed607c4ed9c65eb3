"""Kemajuan (Progress): the participant's attempts over time, per dimension."""

from __future__ import annotations

import streamlit as st

from app_pages.common import day_of, exercise_title, get_timezone, lang, signed_in, tr, trn, when
from app_pages.page import own_attempts
from app_pages.report_view import METRIC_WIDTH_PX
from coach.charts import APP_CONFIG
from coach.charts.attempts import progress_figure
from coach.i18n import t
from coach.report.dimensions import SCORE_KEYS

st.title(tr("progress_title"))
who = signed_in()
everything = own_attempts(who)

exercise_ids: list[str | None] = []
for a in everything:
    if a.exercise_id not in exercise_ids:
        exercise_ids.append(a.exercise_id)
ALL = "__all__"
UI = lang()
choice = st.selectbox(tr("filter_exercise"), [ALL, *exercise_ids], key="progress_exercise",
                      format_func=lambda e: t("all_exercises", UI) if e == ALL else exercise_title(e, UI))
attempts = everything if choice == ALL else [a for a in everything if a.exercise_id == choice]
st.caption(trn("attempt_count", len(attempts)))

st.subheader(tr("trend"))
st.plotly_chart(progress_figure(attempts, lang=lang(), tz=get_timezone()), key="progress_trend", width="stretch",
                config=APP_CONFIG)

dims = [d for d in SCORE_KEYS if any(a.scores.get(d) is not None for a in attempts)]

st.subheader(tr("bests"))
grid = st.container(horizontal=True, gap="small")  # wraps, two abreast on a phone
for dim in dims:
    scored = [a for a in attempts if a.scores.get(dim) is not None]
    best = max(scored, key=lambda a: a.scores[dim])
    grid.metric(tr(f"dim_{dim}"), f"{best.scores[dim]:.0f}", width=METRIC_WIDTH_PX,
                help=f"#{best.id} · {when(best.created_at)}")

st.subheader(tr("first_vs_latest"))
if len(attempts) < 2:
    st.caption(tr("need_two"))
else:
    first, latest = attempts[0], attempts[-1]
    st.caption(f"{tr('first')}: #{first.id} · {day_of(first.created_at)}  →  "
               f"{tr('latest')}: #{latest.id} · {day_of(latest.created_at)}")
    grid = st.container(horizontal=True, gap="small")
    for dim in dims:
        a, b = first.scores.get(dim), latest.scores.get(dim)
        delta = None if a is None or b is None else round(b - a)
        grid.metric(tr(f"dim_{dim}"), "–" if b is None else f"{b:.0f}", delta=delta, width=METRIC_WIDTH_PX)
