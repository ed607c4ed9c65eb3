"""Doorstop & konferensi pers: a reporter's questions one at a time, each read aloud by the browser with
a countdown; each answer recorded, saved and queued (ahead of practice speeches), scored by a worker; a summary at the end.

The session (exercise, language, which question, the answers so far) lives in ``st.session_state``;
each answer is also saved as an attempt, so it shows on the Report and Progress pages, with the
same score (the attempt's overall, :func:`coach.media.doorstop_session.answer_scores`).

The server times each question (:mod:`coach.media.answer_timing`): when it was first shown, its estimated
reading time, and when each recording arrived. An answer whose recording started after the time
to answer was up is refused (the reporter has moved on; the question can be asked again); the
others are timed from the end of the question.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import (get_exercises, get_settings, get_store, identity_form, lang, md, run,
                              signed_in, tr, trn)
from app_pages.jobs_view import follow_job, render_jobs, submit_recording
from app_pages.speaker import speaker_html
from app_pages.upload import analyse_button, audio_recorder, audio_uploader, bring_into_view
from coach.media import answer_timing
from coach.workspace import attempts as own
from coach.audio import probe
from coach.media.doorstop_session import (
    answer_from_dict,
    answer_time_limit_s,
    interview_exercises,
    session_questions,
)
from coach.guidelines import load_guidelines
from coach.i18n import t
from coach.media.interview import AnswerResult, summarise_session

STATE_KEY = "doorstop_session"
ROUND_KEY = "doorstop_round"
JOB_KEY = "doorstop_job"


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
    # the brief in the reader's language; the key messages in the speech's (they are what to say)
    text = [f"**{md(exercise.text('goal', ui))}**", md(exercise.text("instructions", ui), keep_lines=True)]
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


def _clock(session: dict[str, Any], question: str, exercise: Any, speech_lang: str) -> answer_timing.QuestionClock:
    """The current question's clock, started the first time it is shown (and again when asked again)."""
    asked = session.get("asked")
    if asked is None or asked["index"] != session["index"]:
        guidelines = load_guidelines(get_settings().guidelines_file)
        asked = {"index": session["index"], "take": 0, "shown_at": answer_timing.now(),
                 "question_s": answer_timing.question_seconds(question, speech_lang, guidelines),
                 "limit_s": answer_time_limit_s(exercise), "received": {}}
        session["asked"] = asked
    return answer_timing.QuestionClock(asked["shown_at"], asked["question_s"], asked["limit_s"])


def _ask_again() -> None:
    """Read the question again: a new clock, a fresh speaker and fresh recording widgets."""
    asked = st.session_state[STATE_KEY]["asked"]
    asked.update(take=asked["take"] + 1, shown_at=answer_timing.now(), received={})


def _restart() -> None:
    st.session_state.pop(STATE_KEY, None)


def _timing(session: dict[str, Any], clock: answer_timing.QuestionClock, audio: Any) -> tuple[dict, float]:
    """The answer's timing for the analysis (``asked_at_s``, ``time_limit_s``) and how many seconds
    after the time was up (and its grace) its recording started (0: in time)."""
    duration_s = probe(audio.getvalue(), max_duration_s=get_settings().max_duration_s)
    received_at = session["asked"]["received"].get(audio.file_id)
    if duration_s is None or received_at is None:  # not timeable: counted from the recording's start
        return {"time_limit_s": clock.limit_s}, 0.0
    started_at = received_at - duration_s
    grace_s = float(load_guidelines(get_settings().guidelines_file).value("interview.late_grace_s"))
    return ({"asked_at_s": clock.asked_at_s(started_at), "time_limit_s": clock.limit_s},
            clock.started_late_s(started_at, grace_s=grace_s))


def _submit(audio: Any, exercise: Any, speech_lang: str, question: str, timing: dict) -> int | None:
    """Save the answer as a queued attempt and queue it (ahead of practice speeches); its id, or None when
    refused (shown)."""
    return submit_recording(audio, kind="doorstop", language=speech_lang,
                            key_messages=list(exercise.key_messages_for(speech_lang)), exercise=exercise,
                            question=question, timing={k: v for k, v in timing.items() if v is not None})


def _send(session: dict[str, Any], clock: answer_timing.QuestionClock, audio: Any, exercise: Any, speech_lang: str,
          question: str) -> None:
    """Queue the answer, or refuse it when its recording started after the time to answer was up."""
    timed = run(lambda: _timing(session, clock, audio))
    if timed is None:
        return
    timing, late_s = timed
    if late_s > 0:  # the reporter has moved on: refused, nothing saved
        st.warning(trn("doorstop_too_late", late_s, s=late_s, limit=clock.limit_s), icon=":material/timer_off:")
        st.button(tr("doorstop_ask_again"), key="doorstop_ask_again_late", on_click=_ask_again)
        return
    if (attempt_id := _submit(audio, exercise, speech_lang, question, timing)) is None:
        return
    st.session_state[JOB_KEY] = {"id": attempt_id, "round": session["round"], "index": session["index"],
                                 "question": question}


def _followed(session: dict[str, Any]) -> None:
    """The answer being analysed: once it is scored, add it to the session and redraw."""
    pending = st.session_state[JOB_KEY]
    job = follow_job(JOB_KEY, pending["id"])  # failed: the panel shows why; the question stays for another try
    if job is not None and job.status == "done":
        st.session_state["attempt_id"] = job.attempt_id
        if (pending["round"], pending["index"]) == (session["round"], len(session["answers"])):
            report = own.attempt(get_store(), signed_in(), job.attempt_id).report
            session["answers"].append({"question": pending["question"], "attempt_id": job.attempt_id,
                                       "answer": answer_from_dict(report["interview"]),
                                       "score": (report.get("scores") or {}).get("overall")})
        st.rerun()


def _audio_form(session: dict[str, Any]) -> Any | None:
    """The recording or upload; the server's time when each first arrived is kept (its start = that − its length)."""
    take = session["asked"]["take"]
    where = f"{session['round']}_{session['index']}" + (f"_{take}" if take else "")  # fresh widgets per question
    record_tab, upload_tab = st.tabs([tr("tab_record"), tr("tab_upload")])
    recorded = audio_recorder(record_tab, tr("doorstop_record_label"), key=f"doorstop_record_{where}")
    uploaded = audio_uploader(upload_tab, tr("doorstop_upload_label"), key=f"doorstop_upload_{where}")
    received = session["asked"]["received"]
    for audio in (recorded, uploaded):
        if audio is not None and audio.file_id not in received:
            received[audio.file_id] = answer_timing.now()
    return uploaded if uploaded is not None else recorded


def _feedback(answer: AnswerResult, score: float | None) -> None:
    st.metric(tr("doorstop_answer_score"), "–" if score is None else f"{score:.0f}", border=True)
    lines = [f"{tr('dim_interview')}: {answer.score:.0f}"]
    if answer.latency_s is not None:
        basis = "doorstop_latency_question" if answer.latency_basis == "question" else "doorstop_latency"
        lines.append(tr(basis, s=answer.latency_s))
    lines.append(trn("doorstop_length", answer.answer_words, words=answer.answer_words, s=answer.answer_s))
    if answer.key_message_first is not None:
        lines.append(tr("doorstop_km_first_yes" if answer.key_message_first else "doorstop_km_first_no"))
    if answer.bridging:
        lines.append(tr("doorstop_bridging", phrases=", ".join(f"“{md(p)}”" for p in answer.bridging)))
    if answer.hedges:
        lines.append(tr("doorstop_hedges", phrases=", ".join(f"“{md(p)}”" for p in dict.fromkeys(answer.hedges))))
    st.markdown("\n".join(f"- {line}" for line in lines))
    if answer.no_comment:
        st.warning(tr("doorstop_no_comment_said"), icon=":material/block:")
    if answer.over_time_s and answer.time_limit_s:
        st.warning(trn("doorstop_over_time", answer.over_time_s, s=answer.over_time_s, limit=answer.time_limit_s),
                   icon=":material/timer_off:")
    st.page_link("app_pages/report.py", label=tr("open_report"), icon=":material/assessment:")


def _question(session: dict[str, Any], questions: tuple[str, ...], exercise: Any, speech_lang: str) -> None:
    i, total = session["index"], len(questions)
    question = questions[i]
    st.progress(i / total, text=tr("doorstop_question_n", n=i + 1, total=total))
    st.markdown(f"#### {md(question)}")
    if len(session["answers"]) > i:  # answered: its feedback, then on
        _feedback(session["answers"][i]["answer"], session["answers"][i].get("score"))
        last = i + 1 == total
        st.button(tr("doorstop_finish" if last else "doorstop_next"), type="primary", key="doorstop_next",
                  on_click=_advance)
        return
    clock = _clock(session, question, exercise, speech_lang)
    limit_s = clock.limit_s
    speaker = speaker_html(question, speech_lang=speech_lang, seconds=limit_s, ui=lang(),
                           dark=st.context.theme.type == "dark", question_s=clock.question_s,
                           take=session["asked"]["take"])
    st.iframe(speaker, height="content", alt=tr("doorstop_listen"))  # one row, or two on a phone
    if limit_s:
        st.caption(trn("doorstop_time_limit", limit_s, seconds=limit_s))
    audio = _audio_form(session)
    busy = JOB_KEY in st.session_state
    if not busy and (clock.time_left_s(answer_timing.now()) or 0.0) < 0 and audio is None:
        st.warning(tr("doorstop_expired"), icon=":material/timer_off:")
        st.button(tr("doorstop_ask_again"), key="doorstop_ask_again", on_click=_ask_again)
    if analyse_button(tr("doorstop_submit"), key="doorstop_submit", busy=busy, ready=audio is not None,
                      missing=tr("doorstop_no_audio")):
        _send(session, clock, audio, exercise, speech_lang, question)
        if JOB_KEY in st.session_state:
            bring_into_view("doorstop_jobs")  # its progress, just below: on screen, not below the fold
    if JOB_KEY in st.session_state:
        _followed(session)
    render_jobs(st.session_state["person"]["id"], key="doorstop",
                follow=st.session_state[JOB_KEY]["id"] if JOB_KEY in st.session_state else None,
                hide=[a["attempt_id"] for a in session["answers"]])


def _summary(session: dict[str, Any]) -> None:
    st.subheader(tr("doorstop_summary"))
    summary = summarise_session([a["answer"] for a in session["answers"]], [a.get("score") for a in session["answers"]])
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
