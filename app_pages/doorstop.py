"""Doorstop & konferensi pers: a reporter's questions one at a time, each read aloud by the browser with
a countdown; each answer recorded, saved and queued (ahead of practice speeches), scored by a worker; a summary at the end.

The session (exercise, language, which question, the answers so far) lives in ``st.session_state``;
each answer is also saved as an attempt, so it shows on the Report and Progress pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from app_pages.common import (
    AUDIO_TYPES,
    get_exercises,
    get_queue,
    get_settings,
    get_store,
    identity_form,
    lang,
    md,
    show_error,
    signed_in,
    tr,
)
from app_pages.jobs_view import render_jobs
from app_pages.speaker import speaker_html
from coach import workspace
from coach.doorstop_session import (
    answer_from_dict,
    answer_time_limit_s,
    interview_exercises,
    session_questions,
)
from coach.errors import WicaraError
from coach.i18n import t
from coach.interview import AnswerResult, summarise_session

STATE_KEY = "doorstop_session"
ROUND_KEY = "doorstop_round"
JOB_KEY = "doorstop_job"
SPEAKER_HEIGHT_PX = 56


def _exercise_form() -> tuple[Any | None, str]:
    exercises = {ex.id: ex for ex in interview_exercises(get_exercises())}
    if not exercises:
        st.info(tr("doorstop_no_exercises"))
        return None, lang()
    ui, busy = lang(), JOB_KEY in st.session_state
    titles = {ex_id: ex.text("title", ui) for ex_id, ex in exercises.items()}
    ex_id = st.selectbox(tr("exercise"), list(exercises), key="doorstop_exercise", disabled=busy,
                         format_func=lambda i: titles.get(i, i))
    exercise = exercises[ex_id]
    choices = list(exercise.languages)
    preferred = next((c for c in (get_settings().language, ui) if c in choices), choices[0])
    speech_lang = st.selectbox(tr("speech_language"), choices, index=choices.index(preferred), key="doorstop_lang",
                               disabled=busy, format_func=lambda code: t(f"lang_{code}", ui))
    text = [f"**{md(exercise.text('goal', speech_lang))}**", md(exercise.text("instructions", speech_lang), keep_lines=True)]
    messages = exercise.key_messages_for(speech_lang)
    if messages:
        text.append(tr("doorstop_key_messages", messages="; ".join(f"“{md(m)}”" for m in messages)))
    st.info("  \n".join(line for line in text if line), icon=":material/campaign:")
    return exercise, speech_lang


def _session(exercise: Any, speech_lang: str) -> dict[str, Any]:
    """The session for this exercise and language (a new one when either changed)."""
    session = st.session_state.get(STATE_KEY)
    if session is None or (session["exercise"], session["lang"]) != (exercise.id, speech_lang):
        st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
        session = {"exercise": exercise.id, "lang": speech_lang, "round": st.session_state[ROUND_KEY],
                   "index": 0, "answers": []}
        st.session_state[STATE_KEY] = session
    return session


def _advance() -> None:
    st.session_state[STATE_KEY]["index"] += 1


def _restart() -> None:
    st.session_state.pop(STATE_KEY, None)


def _submit(audio: Any, exercise: Any, speech_lang: str, question: str) -> int:
    """Save the answer as a queued attempt and queue it (ahead of practice speeches); returns its id."""
    return get_queue().submit(st.session_state["person"]["id"], audio=audio.getvalue(),
                              audio_suffix=Path(audio.name or "").suffix.lower() or ".wav", kind="doorstop",
                              language=speech_lang, key_messages=list(exercise.key_messages_for(speech_lang)),
                              exercise=exercise, question=question)


def _followed(session: dict[str, Any]) -> None:
    """The answer being analysed: once it is scored, add it to the session and redraw."""
    pending = st.session_state[JOB_KEY]
    try:
        job = get_store().job_status(pending["id"])
    except WicaraError as e:
        st.session_state.pop(JOB_KEY, None)
        show_error(e)
        return
    if job.status == "failed":  # the panel shows why; the question stays for another try
        st.session_state.pop(JOB_KEY, None)
    elif job.status == "done":
        st.session_state.pop(JOB_KEY, None)
        st.session_state["attempt_id"] = job.attempt_id
        if (pending["round"], pending["index"]) == (session["round"], len(session["answers"])):
            report = get_store().get_attempt(job.attempt_id).report
            session["answers"].append({"question": pending["question"], "attempt_id": job.attempt_id,
                                       "answer": answer_from_dict(report["interview"])})
        st.rerun()


def _audio_form(session: dict[str, Any]) -> Any | None:
    where = f"{session['round']}_{session['index']}"  # fresh widgets for every question
    record_tab, upload_tab = st.tabs([tr("tab_record"), tr("tab_upload")])
    recorded = record_tab.audio_input(tr("doorstop_record_label"), key=f"doorstop_record_{where}")
    uploaded = upload_tab.file_uploader(tr("doorstop_upload_label"), type=AUDIO_TYPES, key=f"doorstop_upload_{where}")
    return uploaded if uploaded is not None else recorded


def _feedback(answer: AnswerResult) -> None:
    st.metric(tr("doorstop_answer_score"), f"{answer.score:.0f}", border=True)
    lines = []
    if answer.latency_s is not None:
        lines.append(tr("doorstop_latency", s=answer.latency_s))
    lines.append(tr("doorstop_length", words=answer.answer_words, s=answer.answer_s))
    if answer.key_message_first is not None:
        lines.append(tr("doorstop_km_first_yes" if answer.key_message_first else "doorstop_km_first_no"))
    if answer.bridging:
        lines.append(tr("doorstop_bridging", phrases=", ".join(f"“{md(p)}”" for p in answer.bridging)))
    if answer.hedges:
        lines.append(tr("doorstop_hedges", phrases=", ".join(f"“{md(p)}”" for p in dict.fromkeys(answer.hedges))))
    st.markdown("\n".join(f"- {line}" for line in lines))
    if answer.no_comment:
        st.warning(tr("doorstop_no_comment_said"), icon=":material/block:")
    st.page_link("app_pages/report.py", label=tr("open_report"), icon=":material/assessment:")


def _question(session: dict[str, Any], questions: tuple[str, ...], exercise: Any, speech_lang: str) -> None:
    i, total = session["index"], len(questions)
    question = questions[i]
    st.progress(i / total, text=tr("doorstop_question_n", n=i + 1, total=total))
    st.markdown(f"#### {md(question)}")
    if len(session["answers"]) > i:  # answered: its feedback, then on
        _feedback(session["answers"][i]["answer"])
        last = i + 1 == total
        st.button(tr("doorstop_finish" if last else "doorstop_next"), type="primary", key="doorstop_next",
                  on_click=_advance)
        return
    limit_s = answer_time_limit_s(exercise)
    speaker = speaker_html(question, speech_lang=speech_lang, seconds=limit_s, ui=lang(),
                           dark=st.context.theme.type == "dark")
    st.iframe(speaker, height=SPEAKER_HEIGHT_PX, alt=tr("doorstop_listen"))
    if limit_s:
        st.caption(tr("doorstop_time_limit", seconds=limit_s))
    audio = _audio_form(session)
    busy = JOB_KEY in st.session_state
    if st.button(tr("doorstop_submit"), type="primary", key="doorstop_submit", disabled=busy) and not busy:
        if audio is None:
            st.warning(tr("doorstop_no_audio"))
        else:
            try:
                workspace.check_upload_quota(get_store(), signed_in(), get_settings())
                attempt_id = _submit(audio, exercise, speech_lang, question)
            except WicaraError as e:
                show_error(e)
            else:
                st.session_state[JOB_KEY] = {"id": attempt_id, "round": session["round"], "index": i,
                                             "question": question}
    if JOB_KEY in st.session_state:
        _followed(session)
    render_jobs(st.session_state["person"]["id"], key="doorstop",
                follow=st.session_state[JOB_KEY]["id"] if JOB_KEY in st.session_state else None,
                hide=[a["attempt_id"] for a in session["answers"]])


def _summary(session: dict[str, Any]) -> None:
    st.subheader(tr("doorstop_summary"))
    summary = summarise_session([a["answer"] for a in session["answers"]])
    row = st.container(horizontal=True, gap="small")
    row.metric(tr("doorstop_mean"), "–" if summary.mean_score is None else f"{summary.mean_score:.0f}", border=True,
               width=180)
    row.metric(tr("doorstop_no_comment_count"), str(summary.no_comment_count), border=True, width=180)
    if summary.weakest_aspect is not None:
        st.info(tr("doorstop_weakest", aspect=tr(f"aspect_{summary.weakest_aspect}"),
                   score=summary.aspect_means[summary.weakest_aspect]), icon=":material/fitness_center:")
    yes_no = lambda value: "–" if value is None else tr("yes" if value else "no")
    st.dataframe(
        [{tr("col_question"): r.question, tr("col_score"): round(r.score),
          tr("col_latency_s"): None if r.latency_s is None else round(r.latency_s, 1),
          tr("col_answer_s"): round(r.answer_s, 1), tr("col_words"): r.answer_words,
          tr("col_key_message_first"): yes_no(r.key_message_first), tr("col_bridging"): r.bridging,
          tr("col_no_comment"): yes_no(r.no_comment), tr("col_hedges"): r.hedges}
         for r in summary.rows],
        hide_index=True,
    )
    st.button(tr("doorstop_restart"), type="primary", key="doorstop_restart", on_click=_restart)


st.title(tr("doorstop_title"))
if identity_form() is None:
    st.stop()
st.caption(tr("doorstop_intro"))
exercise, speech_lang = _exercise_form()
if exercise is None:
    st.stop()
session = _session(exercise, speech_lang)
questions = session_questions(exercise, speech_lang)
if session["index"] < len(questions):
    _question(session, questions, exercise, speech_lang)
else:
    _summary(session)
