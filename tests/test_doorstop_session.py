"""Doorstop sessions: which exercises, their questions and answer times; one answer analysed, scored and
made ready to save (with a fake transcript of a real clip)."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES, Hears

from coach.media.doorstop_session import (
    analyse_answer,
    answer_time_limit_s,
    interview_exercises,
    session_questions,
)
from coach.media.exercises import get_exercise, load_exercises


def test_interview_exercises_their_questions_and_answer_times():
    found = interview_exercises(load_exercises())
    assert [e.id for e in found] == ["doorstop", "jembatan-pertanyaan-sulit", "konferensi-pers", "pernyataan-krisis",
                                     "soundbite"]
    assert interview_exercises(load_exercises(), "xx") == ()
    doorstop, soundbite = get_exercise("doorstop"), get_exercise("soundbite")
    assert session_questions(doorstop, "id") == ("Berapa warga yang terdampak banjir hari ini?",
                                                 "Mengapa bantuan terlambat datang?",
                                                 "Apakah pemerintah akan bertanggung jawab?")
    assert session_questions(doorstop, "en")[1] == "Why was the aid late?"
    # No questions: the session is one prompt, the instructions.
    assert session_questions(soundbite, "en") == (soundbite.text("instructions", "en"),)
    # time_limit_s first, else the target duration
    assert [answer_time_limit_s(get_exercise(i)) for i in ("doorstop", "soundbite", "konferensi-pers")] == [
        60.0, 15.0, 120.0]


@pytest.mark.parametrize(("clip", "score", "no_comment"), [
    ("id_doorstop_lead", 100.0, False),
    ("id_doorstop_buried", 80.0, False),
    ("id_doorstop_nocomment", 55.0, True),
])
def test_an_answer_is_analysed_scored_and_ready_to_save(settings, clip, score, no_comment):
    exercise = get_exercise("doorstop")
    question = session_questions(exercise, "id")[0]
    recorded = analyse_answer((SAMPLES / f"{clip}.wav").read_bytes(), settings=settings, lang="id", exercise=exercise,
                              question=question, transcriber=Hears.clip(clip))
    answer = recorded.answer
    assert (answer.score, answer.no_comment, answer.kind) == (score, no_comment, "doorstop")
    # No timing given: the silence before the first voiced frame (Silero VAD on the clip: espeak speaks at
    # once), not the fake words' 0.6 s: the signal, not the recogniser's drifting word times
    first_voice = recorded.report.speech_spans[0][0]
    assert first_voice < 0.1 and answer.latency_s == pytest.approx(first_voice)
    assert answer.latency_basis == "recording"
    assert [k.text for k in answer.key_messages] == list(exercise.key_messages_for("id"))
    saved = recorded.to_dict()
    assert saved["exercise_id"] == "doorstop" and saved["scores"] == recorded.report.scores
    assert saved["interview"]["question"] == question and saved["interview"]["score"] == score
    # The answer's score is one dimension of the attempt's overall, at interview.overall_share of the weights
    assert saved["scores"]["interview"] == score
    speech = {d: s for d, s in saved["scores"].items() if d not in ("overall", "interview") and s is not None}
    weights = saved["weights"]
    assert weights["interview"] == pytest.approx(sum(weights[d] for d in speech))  # share 0.5
    expected = ((sum(weights[d] * s for d, s in speech.items()) + weights["interview"] * score)
                / (2 * weights["interview"]))
    assert saved["scores"]["overall"] == pytest.approx(expected, abs=0.05)
    json.dumps(saved)  # ready for the store


def test_an_answer_timed_from_the_end_of_the_question(settings):
    """The page says the question ended 1.5 s before the recording started: the latency counts that too."""
    exercise = get_exercise("doorstop")
    question = session_questions(exercise, "id")[0]
    timed = analyse_answer((SAMPLES / "id_doorstop_lead.wav").read_bytes(), settings=settings, lang="id",
                           exercise=exercise, question=question, transcriber=Hears.clip("id_doorstop_lead"),
                           asked_at_s=-1.5, time_limit_s=10.0)
    answer = timed.answer
    assert answer.latency_basis == "question" and answer.asked_at_s == -1.5
    assert answer.latency_s == pytest.approx(timed.report.speech_spans[0][0] + 1.5, abs=0.01)
    assert answer.aspects["latency"] < 100.0  # over interview.latency_s's 1 s
    # 33 words of 0.5 s from 0.6 s end at 17.0 s; 10 s allowed from 1.5 s before the recording: 8.5 s over
    assert answer.time_limit_s == 10.0 and answer.over_time_s == pytest.approx(17.0 - 8.5)
