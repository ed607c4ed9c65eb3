"""Latihan (Practice): choose an exercise, record or upload; the recording is saved and queued, the page
follows its place in line and progress (and the person's other analyses), then shows the report."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import (get_exercises, get_settings, get_store, identity_form, lang, md, run,
                              signed_in, tr)
from app_pages.jobs_view import follow_job, render_jobs, submit_recording
from app_pages.practice_extras import render_after_attempt
from app_pages.reanalyse import render_reanalyse
from app_pages.upload import analyse_button, audio_recorder, audio_uploader, bring_into_view
from app_pages.report_view import render_report
from coach.i18n import t
from coach.workspace import attempts as own

JOB_KEY = "practice_job"
RESULT_KEY = "practice_attempt"
SOURCE_KEY = "practice_source"
LANG_OPTIONS = ["id", "en", "auto"]


def _exercise_form() -> tuple[Any | None, str, list[str]]:
    # A writing exercise (a press release) belongs on the press-release page, not under a microphone.
    exercises = {ex.id: ex for ex in get_exercises() if ex.kind != "press_release"}
    ids = ["", *exercises]  # "" is free practice (None would make the box clearable)
    titles = {ex_id: ex.text("title", lang()) for ex_id, ex in exercises.items()}
    free = tr("free_practice")
    ex_id = st.selectbox(tr("exercise"), ids, key="practice_exercise",
                         format_func=lambda i: titles.get(i, i) if i else free)
    exercise = exercises.get(ex_id) if ex_id else None
    if exercise is not None:
        text = [f"**{md(exercise.text('goal', lang()))}**", md(exercise.text("instructions", lang()), keep_lines=True)]
        if exercise.target_duration_s:
            text.append(f":material/timer: {exercise.target_duration_s:.0f} s")
        st.info("  \n".join(line for line in text if line), icon=":material/flag:")
    settings, ui = get_settings(), lang()
    speech_lang = st.selectbox(tr("speech_language"), LANG_OPTIONS, key="practice_lang",
                               index=LANG_OPTIONS.index(settings.language),
                               format_func=lambda code: t(f"lang_{code}", ui))
    defaults: tuple[str, ...] = ()
    if exercise is not None and speech_lang in ("id", "en"):
        defaults = exercise.key_messages_for(speech_lang)
        if script := exercise.script.get(speech_lang):
            with st.expander(tr("exercise_script"), expanded=True):
                st.text(script)  # exercise text is shown as text, never as Markdown
    st.markdown(f"**{tr('key_messages')}**")
    messages = [
        st.text_input(tr("key_message_n", n=i + 1), value=defaults[i] if i < len(defaults) else "",
                      key=f"practice_km_{ex_id}_{speech_lang}_{i}", max_chars=300)
        for i in range(3)
    ]
    return exercise, speech_lang, [m.strip() for m in messages if m.strip()]


def _new_audio(source: str) -> None:
    st.session_state[SOURCE_KEY] = source
    st.session_state.pop(RESULT_KEY, None)


def _audio_form() -> Any | None:
    record_tab, upload_tab = st.tabs([tr("tab_record"), tr("tab_upload")])
    recorded = audio_recorder(record_tab, tr("record_label"), key="practice_record", on_change=_new_audio,
                              args=("record",))
    uploaded = audio_uploader(upload_tab, tr("upload_label"), key="practice_upload", on_change=_new_audio,
                              args=("upload",))
    if recorded is not None and uploaded is not None:
        return uploaded if st.session_state.get(SOURCE_KEY) == "upload" else recorded
    return recorded if recorded is not None else uploaded


def _submit(audio: Any, exercise: Any | None, speech_lang: str, messages: list[str]) -> int | None:
    """Save the recording as a queued attempt and queue it; the attempt id, or None when refused (shown)."""
    if exercise is not None and not messages and speech_lang in ("id", "en"):
        messages = list(exercise.key_messages_for(speech_lang))
    return submit_recording(audio, kind="practice", language=speech_lang, key_messages=messages, exercise=exercise)


def _followed() -> None:
    """The analysis this visitor is waiting for: once it is done, its report is shown below (failed: the
    panel below shows why)."""
    job = follow_job(JOB_KEY, st.session_state[JOB_KEY])
    if job is not None and job.status == "done":
        st.session_state[RESULT_KEY] = st.session_state["attempt_id"] = job.attempt_id


st.title(tr("practice_title"))
if identity_form() is None:
    st.stop()
st.caption(tr("practice_intro"))
exercise, speech_lang, messages = _exercise_form()
audio = _audio_form()
if JOB_KEY in st.session_state:
    _followed()
if analyse_button(tr("analyse"), key="practice_analyse", busy=JOB_KEY in st.session_state, ready=audio is not None,
                  missing=tr("no_audio")):
    st.session_state.pop(RESULT_KEY, None)
    if (submitted := _submit(audio, exercise, speech_lang, messages)) is not None:
        st.session_state[JOB_KEY] = submitted
        bring_into_view("practice_jobs")  # its progress, just below: on screen, not below the fold
render_jobs(st.session_state["person"]["id"], key="practice", follow=st.session_state.get(JOB_KEY),
            hide=[st.session_state[RESULT_KEY]] if RESULT_KEY in st.session_state else [])

if RESULT_KEY in st.session_state:
    attempt = run(lambda: own.attempt(get_store(), signed_in(), st.session_state[RESULT_KEY]))
    if attempt is not None:
        st.page_link("app_pages/report.py", label=tr("open_report"), icon=":material/assessment:")
        def _offer() -> None:
            new_id = render_reanalyse(attempt, key="practice")
            if new_id is not None:  # followed like any analysis; its report replaces this one
                st.session_state.pop(RESULT_KEY, None)
                st.session_state[JOB_KEY] = new_id
                st.rerun()

        render_report(attempt, settings=get_settings(), key="practice_report", after_warnings=_offer)
        render_after_attempt(attempt, settings=get_settings(), key="practice_after")
