"""Scores without cliffs: unmeasurable dimensions are null and leave the overall mean; sentence
breaks do not hinge on one stray full stop; the timing score's zero point comes from the guidelines."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

import coach.report.pipeline as report_module
from coach.analysis.clarity import analyse_clarity
from coach.lang.lexicon import tokenise
from coach.report.pipeline import overall_score, score_timing
from conftest import Hears, fake_transcript, sample, words_from_text

WEIGHTS = {"pace": 10, "fillers": 15, "pauses": 10, "variety": 10, "clarity": 15, "messages": 15, "public": 20,
           "timing": 5}


def test_overall_leaves_unscored_dimensions_out():
    scores = {"pace": 80.0, "fillers": 100.0, "variety": None, "timing": None}
    assert overall_score(scores, WEIGHTS) == pytest.approx((10 * 80 + 15 * 100) / 25)
    assert overall_score({"variety": None, "timing": None}, WEIGHTS) is None


def test_timing_zero_point_is_a_guideline(guidelines):
    # tolerance 10 %, zero at 3 tolerances (30 %) off: 20 % off is half-way
    assert score_timing(120.0, 100.0, guidelines=guidelines) == pytest.approx(50.0)
    assert score_timing(130.0, 100.0, guidelines=guidelines) == pytest.approx(0.0)
    rules = {**guidelines.rules, "timing.zero_at_tolerances": {"value": 5.0, "source": "test"}}
    assert score_timing(130.0, 100.0, guidelines=replace(guidelines, rules=rules)) == pytest.approx(50.0)


def test_unmeasurable_dimension_is_null_in_json_and_left_out_of_overall(settings, guidelines, monkeypatch):
    real = report_module.analyse_prosody

    def no_pitch(*args, **kwargs):  # as if the recording held too little voiced speech to measure pitch
        return replace(real(*args, **kwargs), score=None)

    monkeypatch.setattr(report_module, "analyse_prosody", no_pitch)
    r = report_module.analyse(sample("id_clean")[0], settings=settings, lang="id", transcriber=Hears.clip("id_clean"),
                              guidelines=guidelines)
    data = json.loads(json.dumps(r.to_dict()))
    assert data["scores"]["variety"] is None and data["scores"]["timing"] is None  # no exercise: no target
    assert data["prosody"]["score"] is None
    scored = {d: s for d, s in data["scores"].items() if d != "overall" and s is not None}
    expected = sum(WEIGHTS[d] * s for d, s in scored.items()) / sum(WEIGHTS[d] for d in scored)
    assert data["scores"]["overall"] == pytest.approx(expected, abs=0.06)


def test_a_stray_full_stop_does_not_change_sentence_splitting(guidelines):
    """Segment ends are sentence breaks whether or not the recogniser wrote any punctuation."""
    text = ("warga dapat melaporkan jalan rusak lewat aplikasi kami setiap hari "
            "laporan dijawab dalam tiga hari kerja oleh petugas dinas kota ")
    words = words_from_text(text * 3)
    plain = fake_transcript(words)
    # one segment per 11-word clause, as Whisper ends segments at breaths
    from coach.types import Segment, Transcript

    ws = plain.words
    segs = tuple(Segment(" ".join(w.text for w in ws[k:k + 11]), ws[k].start, ws[min(k + 10, len(ws) - 1)].end,
                         ws[k:k + 11]) for k in range(0, len(ws), 11))
    bare = Transcript(language="id", duration_s=plain.duration_s, segments=segs)
    stray_words = list(ws)
    stray_words[3] = replace(stray_words[3], text=stray_words[3].text + ".")
    stray_segs = tuple(replace(s, words=tuple(stray_words[k:k + 11])) for s, k in zip(segs, range(0, len(ws), 11),
                                                                                      strict=True))
    stray = Transcript(language="id", duration_s=plain.duration_s, segments=stray_segs)
    assert sum(t.sentence_end for t in tokenise(bare)) == 6
    assert sum(t.sentence_end for t in tokenise(stray)) == 7
    a = analyse_clarity(bare, lang="id", guidelines=guidelines).score
    b = analyse_clarity(stray, lang="id", guidelines=guidelines).score
    assert a == pytest.approx(b, abs=5.0)
