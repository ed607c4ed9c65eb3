"""After an attempt, from its saved report: script delivery (as if from the live report) and what next, with why."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import SAMPLES, Hears, words_from_text

from coach.media.exercises import get_exercise, load_exercises
from coach.media.next_exercise import suggest_next
from coach.media.practice_followup import (
    next_with_reason,
    script_delivery,
    transcript_from_report,
)
from coach.report.pipeline import analyse
from coach.media.script_delivery import compare_to_script

SCRIPT = get_exercise("tanpa-membaca").script["id"]


@pytest.fixture(scope="module")
def reports(settings):
    """(live SessionReport, saved dict) of id_clean.wav heard as the script with two words dropped."""
    said = SCRIPT.replace(" dan memakai internet gratis", " dan internet")
    report = analyse((SAMPLES / "id_clean.wav").read_bytes(), settings=settings, lang="id", transcriber=Hears(said, pauses={11: 0.8}))
    return report, json.loads(json.dumps(report.to_dict()))


def test_the_saved_transcript_is_the_live_one(reports):
    live, saved = reports
    rebuilt = transcript_from_report(saved)
    assert [(w.text, w.start, w.end) for w in rebuilt.words] == [(w.text, w.start, w.end) for w in live.transcript.words]
    assert [len(s.words) for s in rebuilt.segments] == [len(s.words) for s in live.transcript.segments]
    assert rebuilt.text == live.transcript.text and rebuilt.language == "id"


def test_script_delivery_from_the_saved_report_matches_the_live_report(reports, guidelines):
    live, saved = reports
    from_saved = script_delivery(saved, SCRIPT, lang="id", guidelines=guidelines)
    from_live = compare_to_script(live.transcript, SCRIPT, lang="id", report=live, guidelines=guidelines)
    # the same, but for the saved report's numbers kept to 3 decimals
    assert replace(from_saved, cue_values={}) == replace(from_live, cue_values={})
    assert from_saved.cue_values == pytest.approx(from_live.cue_values, abs=1e-3)
    assert (from_saved.script_words, from_saved.omitted_words, from_saved.substituted_words) == (26, 2, 0)
    assert [d.script_text for d in from_saved.deviations] == ["memakai", "gratis."]
    assert from_saved.sounds_read is not None


def test_sounds_read_follows_the_saved_cues(guidelines):
    words = words_from_text(SCRIPT)
    saved = {"language": "id", "duration_s": 20.0,
             "transcript": {"segments": [], "words": [{"text": w, "start": s, "end": e} for w, s, e in words]},
             "pauses": {"count": 0}, "fillers": {"per_100_words": 0.0}, "prosody": {"pvq": 0.05, "monotone": True}}
    read = script_delivery(saved, SCRIPT, lang="id", guidelines=guidelines)
    assert (read.coverage, read.verbatim, read.sounds_read) == (1.0, True, True)
    assert read.cues == {"flat_pitch": True, "few_pauses": True, "few_fillers": True}
    lively = {**saved, "pauses": {"count": 9}, "prosody": {"pvq": 0.25, "monotone": False}}
    assert script_delivery(lively, SCRIPT, lang="id", guidelines=guidelines).sounds_read is False


def test_next_with_reason_names_the_weakest_dimension_it_trains():
    report = {"scores": {"overall": 70.0, "pace": 90.0, "fillers": 80.0, "pauses": 30.0, "variety": 70.0},
              "exercise_id": None}
    step = next_with_reason(report, lang="id", exercises=load_exercises())
    assert step.exercise == suggest_next(report, lang="id")
    assert (step.exercise.id, step.dimension, step.score) == ("jeda-untuk-penekanan", "pauses", 30.0)
    assert next_with_reason({"scores": {}}, lang="en").dimension is None
