"""Laporan (Report): one of the signed-in person's attempts, in full, with their trainer's feedback."""

from __future__ import annotations

import streamlit as st

from app_pages.common import exercise_title, get_settings, get_store, lang, run, signed_in, tr, when
from app_pages.jobs_view import render_jobs
from app_pages.page import own_attempts
from app_pages.practice_extras import render_next
from app_pages.reanalyse import render_reanalyse
from app_pages.report_view import render_report
from coach.i18n import t
from coach.workspace import operations as workspace

st.title(tr("report_title"))
who = signed_in()
attempts = list(reversed(own_attempts(who)))  # newest first

ids = [a.id for a in attempts]
by_id = {a.id: a for a in attempts}
# "attempt_id" is the attempt the participant last made or opened anywhere in the app: show it once,
# then leave the choice to the box.
wanted = st.session_state.get("attempt_id")
if wanted in ids and st.session_state.get("report_shown") != wanted:
    st.session_state["report_attempt"] = st.session_state["report_shown"] = wanted
elif st.session_state.get("report_attempt") not in ids:
    st.session_state["report_attempt"] = ids[0]


UI = lang()


def _label(attempt_id: int) -> str:
    a = by_id[attempt_id]
    overall = a.scores.get("overall")
    return t("attempt_label", UI, id=a.id, date=when(a.created_at),
             exercise=exercise_title(a.exercise_id, UI), score="–" if overall is None else f"{overall:.0f}")


def _picked() -> None:
    st.session_state["attempt_id"] = st.session_state["report_shown"] = st.session_state["report_attempt"]


chosen = st.selectbox(tr("choose_attempt"), ids, key="report_attempt", format_func=_label, on_change=_picked)
attempt, feedback = run(lambda: workspace.open_attempt(get_store(), who, chosen), stop=True)
REANALYSIS_KEY = "report_reanalysis"  # the attempt analysed again in the other language, while it runs


def _offer() -> None:
    new_id = render_reanalyse(attempt, key=f"report_{chosen}")
    if new_id is not None:
        st.session_state[REANALYSIS_KEY] = st.session_state["attempt_id"] = new_id


render_report(attempt, settings=get_settings(), key=f"report_{chosen}", feedback=feedback, after_warnings=_offer)
render_next(attempt, key=f"report_{chosen}", go_practise=True)  # what next, here too
if REANALYSIS_KEY in st.session_state:  # the new report opens when it is done (attempt_id above)
    follow = st.session_state[REANALYSIS_KEY]
    if follow in ids:
        st.session_state.pop(REANALYSIS_KEY)
    else:
        render_jobs(who.id, key="report", follow=follow)
