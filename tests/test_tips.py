"""Tips: the dimensions that lose most weighted points, in the speech's language, with measured numbers."""

from __future__ import annotations

from types import SimpleNamespace as N

import pytest

from coach.lang.lexicon import load_lexicon
from coach.guidelines import load_guidelines
from coach.report.tips import DRILLS, _WRITERS, _limits, pick_tips
from coach.types import Event, FillerEvent

REPORT = N(
    pace=N(band_wpm=(95, 130), verdict="fast", words_per_minute=150.2, out_of_band=(Event("pace_fast", 0, 30, ""),)),
    fillers=N(events=(FillerEvent("eh", 1.0, 1.5, "transcript"), FillerEvent("[eh]", 4.0, 4.6, "acoustic")),
              count=2, per_100_words=7.5),
    pauses=N(events=(N(long=True, start=3.0),)), prosody=N(pitch_sd_semitones=1.2, monotone_stretches=()),
    clarity=N(sentence_words_longest=40, sentence_words_mean=22.5, unexplained_acronyms=("OPD",)),
    messages=N(key_messages=(), purpose_in_opening=True, call_to_action=True),
    public=N(no_comment=True, audience_words=3, self_words=9, public_benefit=(), invitation=(), no_comment_at=(20.0,)),
    duration_s=70, timing_target_s=60,
)
WEIGHTS = {"pace": 10, "fillers": 15, "pauses": 10, "variety": 10, "clarity": 15, "messages": 15, "public": 20,
           "timing": 5}


def test_most_weighted_points_lost_first_and_at_most_three():
    scores = {"pace": 50.0, "fillers": 40.0, "pauses": 100.0, "variety": 90.0, "clarity": 70.0, "messages": 85.0,
              "public": 20.0, "timing": None}
    tips = pick_tips(REPORT, scores=scores, weights=WEIGHTS, lang="id")
    # lost: public 20×80=1600, fillers 15×60=900, pace 10×50=500, clarity 15×30=450
    assert [t.dimension for t in tips] == ["public", "fillers", "pace"]
    assert tips[0].moments_s == (20.0,) and tips[1].moments_s == (1.0, 4.0)
    assert tips[1].drill == DRILLS["fillers"]


def test_good_scores_get_no_tip():
    assert pick_tips(REPORT, scores={d: 95.0 for d in WEIGHTS}, weights=WEIGHTS, lang="en") == ()


@pytest.mark.parametrize("lang,expected", [
    ("id", "2 kata pengisi (7,5 per 100 kata), terutama “eh”."),
    ("en", "2 fillers (7.5 per 100 words), mostly “eh”."),
])
def test_tip_text_is_in_the_speech_language_with_measured_numbers(lang, expected):
    (tip,) = pick_tips(REPORT, scores={"fillers": 10.0}, weights=WEIGHTS, lang=lang)
    assert tip.text.startswith(expected)


def test_every_tip_text_exists_in_both_languages_and_every_writer_runs():
    assert load_lexicon("id").mapping("tips").keys() == load_lexicon("en").mapping("tips").keys()
    for lang in ("id", "en"):
        for writer in _WRITERS.values():
            text, _ = writer(REPORT, lang, _limits(load_guidelines(), lang))
            assert text and "{" not in text
