"""The signed-in person's analyses: queued (place in line), running (live progress), and those that
finished in the last minutes (a link to the report, or the error).

Read from the attempt rows, so it survives a restart of the app: a participant who comes back
finds their recordings still waiting, or their reports. While any is unfinished the panel is an
``st.fragment`` that reruns itself every :data:`POLL_S` seconds; the rest of the page stays as it is.
The Practice and Doorstop pages submit a recording and follow its analysis with :func:`submit_recording`
and :func:`follow_job`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages.common import exercise_title, get_queue, get_store, get_timezone, run, show_error, signed_in, tr, trn
from coach.localtime import local
from coach.errors import WicaraError
from coach.workspace import attempts as own
from coach.workspace.attempts import ACTIVE_STATES

POLL_S = 2.0  # each waiting page reruns its fragment this often: cheap, but 100 pages add up
RECENT_S = 600.0  # finished analyses stay listed this long
HEARD_CHARS = 400  # the end of the transcript decoded so far, shown under a running analysis


def submit_recording(audio: Any, **what: Any) -> int | None:
    """Queue a recorded or uploaded file as the signed-in person's attempt (``what``: kind, language, key
    messages, exercise…, as :func:`coach.workspace.attempts.submit` takes them); its id, or None when
    refused (the reason is shown)."""
    return run(lambda: own.submit(get_queue(), signed_in(), audio=audio.getvalue(),
                                  audio_suffix=Path(audio.name or "").suffix.lower() or ".wav", **what))


def follow_job(key: str, attempt_id: int) -> Any | None:
    """The analysis this page waits for (``st.session_state[key]``): once it is done or failed, or gone
    (the error is shown, and None returned), the page stops waiting for it."""
    job = run(lambda: own.job(get_store(), signed_in(), attempt_id))
    if job is None or job.status in ("done", "failed"):
        st.session_state.pop(key, None)
    return job


def _jobs(person_id: int, hide: Collection[int]) -> list[Any]:
    since = datetime.now(UTC) - timedelta(seconds=RECENT_S)
    store, who = get_store(), signed_in()
    jobs = own.jobs(store, who, person_id) + own.jobs(store, who, person_id, states=("done", "failed"), since=since)
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
    found = run(lambda: (_jobs(person_id, hide), own.job(get_store(), signed_in(), follow) if follow is not None
                         else None))
    if found is None:
        return
    jobs, followed = found
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
    active = run(lambda: bool(own.jobs(get_store(), signed_in(), person_id)))
    if active is None:
        return
    panel = st.fragment(_panel, run_every=POLL_S if active else None)
    panel(person_id, key, tuple(hide), follow, active)


def describe_job(job: Any) -> tuple[float, str]:
    """Progress fraction and text of an analysis (a :class:`coach.workspace.attempts.JobStatus`): its place in
    line while queued; transcription is most of the time, so it fills 0–80 %."""
    if job.status == "queued":
        return 0.0, trn("queue_position", job.position) if job.position else tr("queue_next")
    if job.status == "done":
        return 1.0, tr("analysis_done")
    if job.stage == "transcribe" and job.total:
        return 0.8 * min(1.0, (job.done or 0) / job.total), tr("stage_transcribe", done=job.done or 0, total=job.total)
    if job.stage == "analyse" and job.total:
        return 0.8 + 0.18 * min(1.0, (job.done or 0) / job.total), tr("stage_analyse", done=job.done, total=job.total)
    if job.stage == "save":
        return 0.99, tr("stage_saving")
    return 0.0, tr("queue_starting")


def show_job_error(job: Any) -> None:
    """A failed analysis: the friendly message for its WicaraError, else a generic one with the detail folded."""
    from coach import errors

    cls = getattr(errors, job.error_code or "", None)
    if isinstance(cls, type) and issubclass(cls, WicaraError):
        show_error(cls(job.error_message or ""))
    else:
        st.error(tr("unexpected_error"), icon=":material/error:")
        with st.expander(tr("error_detail")):
            st.code(job.error_message or "", language=None, wrap_lines=True)
