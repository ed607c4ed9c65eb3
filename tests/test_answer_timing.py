"""A doorstop answer's timing: when the read question ended, when the recording started, the latency to
the first voiced frame, the countdown's end and the grace, with known timings (issue 16 item 4)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import fake_transcript, words_from_text

from coach.analysis.public import analyse_public
from coach.media.answer_timing import QuestionClock, first_voice_s, question_seconds
from coach.media.interview import score_answer

ANSWER = "Posko pengungsian sudah dibuka di sekolah dasar sejak pagi tadi."


def test_reading_time_is_the_questions_syllables_at_the_guideline_rate(guidelines):
    # be-ra-pa war-ga yang ter-dam-pak ban-jir ha-ri i-ni: 15 syllables at 4 per second
    assert question_seconds("Berapa warga yang terdampak banjir hari ini?", "id", guidelines) == 3.75
    # CMU: why(1) was(1) the(1) aid(1) late(1)
    assert question_seconds("Why was the aid late?", "en", guidelines) == 1.25


def test_the_countdown_starts_when_the_question_has_been_read():
    clock = QuestionClock(shown_at=100.0, question_s=3.75, limit_s=60.0)
    assert clock.ended_at == 103.75 and clock.deadline == 163.75
    assert clock.time_left_s(100.0) == 63.75  # at page load the full minute is still ahead, plus the reading
    assert clock.time_left_s(165.0) == pytest.approx(-1.25)
    assert QuestionClock(100.0, 3.0, None).deadline is None and QuestionClock(100.0, 3.0).time_left_s(1e9) is None


def test_where_the_question_ended_in_the_recordings_own_time():
    clock = QuestionClock(shown_at=100.0, question_s=3.75, limit_s=60.0)
    # received at 125.0, 20.0 s long: it started at 105.0, 1.25 s after the question ended
    assert clock.asked_at_s(125.0 - 20.0) == -1.25
    # started during the reading (the microphone heard the end of the question): it ended 1.75 s in
    assert clock.asked_at_s(102.0) == 1.75
    # started before the question was even shown (a recording made earlier): not timeable
    assert clock.asked_at_s(99.0) is None


def test_late_recordings_against_the_deadline_and_the_grace():
    clock = QuestionClock(shown_at=100.0, question_s=3.75, limit_s=60.0)
    assert clock.started_late_s(163.0, grace_s=3.0) == 0.0
    assert clock.started_late_s(166.0, grace_s=3.0) == 0.0  # within the grace for the estimated reading time
    assert clock.started_late_s(171.75, grace_s=3.0) == pytest.approx(5.0)
    assert QuestionClock(100.0, 3.0, None).started_late_s(1e9) == 0.0  # no limit, never late


def test_first_voiced_frame_at_or_after_the_end_of_the_question():
    spans = ((0.2, 1.6), (2.4, 9.0))
    assert first_voice_s(spans) == 0.2
    assert first_voice_s(spans, after_s=1.0) == 1.0  # speaking on from before the question ended: at once
    assert first_voice_s(spans, after_s=2.0) == 2.4
    assert first_voice_s(spans, after_s=-1.25) == 0.2
    assert first_voice_s(spans, after_s=9.5) is None and first_voice_s(()) is None


def _report(guidelines, *, speech_spans, words_from: float):
    t = fake_transcript(words_from_text(ANSWER, start=words_from))
    return SimpleNamespace(transcript=t, said=t, public=analyse_public(t, lang="id", guidelines=guidelines),
                           speech_spans=speech_spans)


def test_latency_from_the_end_of_the_question_to_the_first_voiced_frame(guidelines):
    """Question ended 1.25 s before the recording started; the voice starts 0.4 s in (the recogniser puts its
    first word at 0.0: word times drift around silence), so the answer came 1.65 s after the question."""
    report = _report(guidelines, speech_spans=((0.4, 6.0),), words_from=0.0)
    r = score_answer(report, question="Q?", asked_at_s=-1.25, lang="id", guidelines=guidelines,
                     latency_basis="question", time_limit_s=60.0)
    assert (r.latency_s, r.latency_basis, r.asked_at_s) == (1.65, "question", -1.25)
    assert r.aspects["latency"] == pytest.approx(100.0 * (5.0 - 1.65) / 4.0, abs=0.1)  # 1 s → 100, 5 s → 0
    assert r.over_time_s == 0.0
    # Timed inside the recording only, the same answer would have looked immediate
    inside = score_answer(report, question="Q?", lang="id", guidelines=guidelines)
    assert (inside.latency_s, inside.latency_basis) == (0.4, "recording")


def test_an_answer_running_past_the_limit_is_flagged(guidelines):
    report = _report(guidelines, speech_spans=((0.5, 6.0),), words_from=0.5)
    # 10 words of 0.4 s with 0.1 s gaps from 0.5 s: the last ends at 5.4 s; 3 s allowed from 1.0 s: 1.4 s over
    r = score_answer(report, question="Q?", asked_at_s=1.0, lang="id", guidelines=guidelines,
                     latency_basis="question", time_limit_s=3.0)
    assert r.over_time_s == pytest.approx(1.4) and r.time_limit_s == 3.0
    assert score_answer(report, question="Q?", lang="id", guidelines=guidelines).over_time_s is None
