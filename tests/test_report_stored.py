"""The typed report round-trips through its stored JSON; reports of earlier analysis versions still load."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES, RecordedTranscriber
from test_app import REPORT_TEMPLATE

from coach.analysis.fillers import FillerResult
from coach.analysis.pace import PaceResult
from coach.media.doorstop_session import analyse_answer, session_questions
from coach.media.exercises import get_exercise
from coach.report.pipeline import SessionReport, Timing, analyse, as_report
from coach.report.tips import Tip
from coach.types import Event, FillerEvent, Notice


@pytest.fixture(scope="module", params=["id_fillers", "en_clean"])
def analysed(request, settings):
    return analyse((SAMPLES / f"{request.param}.wav").read_bytes(), settings=settings,
                   transcriber=RecordedTranscriber(), lang=request.param[:2])


def test_analyse_to_json_and_back_is_the_same_report(analysed) -> None:
    stored = json.loads(json.dumps(analysed.to_dict()))
    again = SessionReport.from_dict(stored)
    assert again.to_dict() == stored
    assert json.dumps(again.to_dict(), sort_keys=True) == json.dumps(stored, sort_keys=True)
    # typed all the way down, not dicts
    assert isinstance(again.pace, PaceResult) and isinstance(again.fillers, FillerResult)
    assert all(isinstance(e, FillerEvent) for e in again.fillers.events)
    assert all(isinstance(t, Tip) for t in again.tips) and all(isinstance(e, Event) for e in again.timeline)
    assert isinstance(again.pace.band_wpm, tuple) and isinstance(again.timing, Timing)
    assert [w.text for w in again.transcript.words] == [w.text for w in analysed.transcript.words]
    assert again.scores == analysed.scores and again.tips[0].text == analysed.tips[0].text
    assert again.speech_spans == ()  # not stored
    assert as_report(again) is again and as_report(stored).to_dict() == stored


def test_a_doorstop_answer_keeps_its_interview_in_extra(settings) -> None:
    exercise = get_exercise("doorstop")
    answer = analyse_answer((SAMPLES / "id_doorstop_lead.wav").read_bytes(), settings=settings, lang="id",
                            exercise=exercise, question=session_questions(exercise, "id")[0],
                            transcriber=RecordedTranscriber())
    stored = json.loads(json.dumps(answer.to_dict()))
    again = SessionReport.from_dict(stored)
    assert again.extra["interview"] == stored["interview"] and again.to_dict() == stored


def test_an_old_stored_report_loads() -> None:
    """A report of analysis version 1, as the store holds it (fewer fields than today's)."""
    old = json.loads(json.dumps(REPORT_TEMPLATE))
    report = SessionReport.from_dict(old)
    assert report.analysis_version == "1" and report.language == "id" and report.duration_s == 12.0
    assert report.pace.words_per_minute == 110.0 and report.pace.band_wpm == (95.0, 130.0)
    assert report.pace.windows[0].in_band and report.pace.windows[0].verdict_words_per_minute is None
    assert report.pace.signal_syllables_per_second is None  # not measured in version 1
    assert report.fillers.events[0] == FillerEvent("eh", 1.0, 1.4, "transcript", 1.0, 1.0)
    assert report.pauses.events[0].long and report.prosody.pitch_track[1] == (0.1, 115.0)
    assert report.clarity.score == 100.0 and report.clarity.hedges == () and report.public.score == 40.0
    assert report.warnings == (Notice("clipping", "clipped", None, None),)
    assert report.tips[0].dimension == "public" and report.tips[0].moments_s == (5.0,)
    assert report.timeline[1] == Event("long_pause", 5.0, 7.5, "2.5 s")
    assert report.timing == Timing(None, 12.0) and report.scores["timing"] is None
    for key in ("language", "duration_s", "analysis_version", "scores", "tips", "timeline", "warnings"):
        assert report.to_dict()[key] == old[key]


def test_a_report_with_almost_nothing_loads() -> None:
    report = SessionReport.from_dict({"duration_s": 5.0})
    assert report.duration_s == 5.0 and report.pace.windows == () and report.fillers.events == ()
    assert report.transcript.words == () and report.scores == {} and report.extra == {}
