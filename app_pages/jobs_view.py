"""The signed-in person's analyses: queued (place in line), running (live progress), and those that
finished in the last minutes (a link to the report, or the error).

Read from the attempt rows, so it survives a restart of the app: a participant who comes back
finds their recordings still waiting, or their reports. While any is unfinished the panel is an
``st.fragment`` that reruns itself every :data:`POLL_S` seconds; the rest of the page stays as it is.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any

import streamlit as st

from app_pages.common import describe_job, exercise_title, get_store, get_timezone, show_error, show_job_error, tr
from coach.localtime import local
from coach.errors import WicaraError
from coach.store.jobs import ACTIVE_STATES

POLL_S = 2.0  # each waiting page reruns its fragment this often: cheap, but 100 pages add up
RECENT_S = 600.0  # finished analyses stay listed this long
HEARD_CHARS = 400  # the end of the transcript decoded so far, shown under a running analysis


def _jobs(person_id: int, hide: Collection[int]) -> list[Any]:
    since = datetime.now(UTC) - timedelta(seconds=RECENT_S)
    store = get_store()
    jobs = store.jobs_of(person_id) + [j for j in store.jobs_of(person_id, states=("done", "failed"), since=since)]
    return sorted((j for j in jobs if j.attempt_id not in hide), key=lambda j: (j.created_at, j.attempt_id))


def _what(job: Any) -> str:
    if job.kind == "doorstop" and (question := (job.options or {}).get("question")):
        what = f"{tr('job_kind_doorstop')}: “{question[:60]}{'…' if len(question) > 60 else ''}”"
    elif job.exercise_id:
        what = exercise_title(job.exercise_id)
    else:
        what = tr(f"job_kind_{job.kind or 'practice'}")
    return tr("job_sent", what=what, time=local(job.created_at, get_timezone()).strftime("%H:%M"))


def _open_report(attempt_id: int) -> None:
    st.session_state["attempt_id"] = attempt_id


def _panel(person_id: int, key: str, hide: tuple[int, ...], follow: int | None, was_active: bool) -> None:
    try:
        jobs = _jobs(person_id, hide)
        followed = get_store().job_status(follow) if follow is not None else None
    except WicaraError as e:
        show_error(e)
        return
    active = any(j.status in ACTIVE_STATES for j in jobs)
    if (followed is not None and followed.status not in ACTIVE_STATES) or (was_active and not active):
        st.rerun(scope="app")  # the page takes over: the report, the answer's feedback, the polling stops
    if not jobs:
        return
    with st.container(border=True, key=f"{key}_jobs"):
        st.markdown(f"**{tr('jobs_title')}**")
        if active:
            st.caption(tr("jobs_caption"))
        for job in jobs:
            label = _what(job)
            if job.status in ACTIVE_STATES:
                fraction, text = describe_job(job)
                st.progress(fraction, text=f"{label} — {text}")
                if job.transcript:  # the words decoded so far, segment by segment
                    heard = job.transcript if len(job.transcript) <= HEARD_CHARS else "…" + job.transcript[-HEARD_CHARS:]
                    st.caption(tr("job_heard_so_far", text=heard))
            elif job.status == "done":
                row = st.container(horizontal=True, vertical_alignment="center")
                row.markdown(f":material/check_circle: {label}")
                if row.button(tr("job_report_ready"), key=f"{key}_open_{job.attempt_id}", on_click=_open_report,
                              args=(job.attempt_id,)):
                    st.switch_page("app_pages/report.py")
            else:
                st.markdown(f":material/error: {label} — {tr('analysis_failed')}")
                show_job_error(job)


def render_jobs(person_id: int, *, key: str, hide: Collection[int] = (), follow: int | None = None) -> None:
    """The panel; it polls every :data:`POLL_S` while an analysis is unfinished. When ``follow`` (the
    attempt this page waits for) finishes, the whole page reruns."""
    try:
        active = bool(get_store().jobs_of(person_id))
    except WicaraError as e:
        show_error(e)
        return
    panel = st.fragment(_panel, run_every=POLL_S if active else None)
    panel(person_id, key, tuple(hide), follow, active)
