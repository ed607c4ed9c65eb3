"""The verdict in words (coach/report/verdict.py) and key-message coverage (coach/report/coverage.py) on known
reports: strongest point, the one thing to fix with its tip, the change since the attempt before, in both
languages; nothing invented on a first attempt."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from coach.media.next_exercise import weakest_dimensions
from coach.report.coverage import message_coverage
from coach.report.pipeline import SessionReport
from coach.report.verdict import (compare, make_verdict, previous_attempt, shown, verdict_lines,
                                  weakest_first)

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)

# pace 100 and clarity 100 tie for strongest (the rubric's order: pace); public 40 is the weakest.
REPORT = {
    "language": "id", "duration_s": 40.0, "analysis_version": "2", "engine": "faster-whisper",
    "exercise_id": "tiga-pesan-kunci",
    "transcript": {"text": "", "language_probability": 1.0, "segments": [], "words": []},
    "pace": {"words_per_minute": 110.0, "band_wpm": [95.0, 130.0], "verdict": "good", "score": 100.0},
    "fillers": {"count": 1, "per_100_words": 5.0, "events": [], "score": 60.0},
    "pauses": {"count": 1, "events": [], "score": 70.0},
    "prosody": {"pitch_sd_semitones": 2.0, "score": 80.0},
    "clarity": {"sentence_count": 3, "score": 100.0},
    "messages": {"key_messages": [
        {"text": "Pendaftaran gratis", "covered": True, "first_mention_s": 3.2, "repetitions": 1, "coverage": 1.0,
         "best_mention_s": 3.2},
        {"text": "Buka sampai Jumat", "covered": False, "first_mention_s": None, "repetitions": 0, "coverage": 0.34,
         "best_mention_s": 21.5},
        {"text": "Hubungi kelurahan", "covered": False, "first_mention_s": None, "repetitions": 0, "coverage": 0.0,
         "best_mention_s": None}],
        "purpose_in_opening": True, "call_to_action": False, "main_message_early": True, "score": 50.0},
    "public": {"audience_words": 2, "self_words": 9, "audience_share": 0.18, "public_benefit": [],
               "invitation": [], "no_comment": True, "no_comment_at": [12.5, 30.0], "score": 40.0},
    "timing": {"target_s": None, "duration_s": 40.0},
    "scores": {"overall": 54.4, "pace": 100.0, "fillers": 60.0, "pauses": 70.0, "variety": 80.0, "clarity": 100.0,
               "messages": 50.0, "public": 40.0, "timing": None},
    "tips": [{"dimension": "public", "text": "Sebutkan manfaat nyata bagi masyarakat.", "moments_s": [12.5],
              "drill": "ajakan-berpartisipasi"}],
}


@dataclass(frozen=True)
class Past:
    id: int
    created_at: datetime
    exercise_id: str | None
    scores: dict = field(default_factory=dict)


def _report(**scores: float | None) -> SessionReport:
    data = json.loads(json.dumps(REPORT))
    data["scores"].update(scores)
    return SessionReport.from_dict(data)


def test_strongest_point_and_the_one_thing_to_fix_with_its_tip_and_moments():
    v = make_verdict(_report(), lang="id")
    assert (v.strongest, v.fix, v.fix_needed) == ("pace", "public", True)
    assert v.fix_tip == "Sebutkan manfaat nyata bagi masyarakat." and v.fix_moments_s == (12.5,)  # the report's tip
    assert v.fix == weakest_dimensions(_report())[0]  # the same weakest dimension "what next" trains
    lines = verdict_lines(v, "id")
    assert [(x.kind, x.label, x.text) for x in lines] == [
        ("strongest", "Kekuatan utama", "Tempo, skor 100."),
        ("fix", "Satu hal untuk diperbaiki", "Fokus publik, skor 40. Sebutkan manfaat nyata bagi masyarakat."),
        ("first", "Rekaman pertama", "belum ada rekaman sebelumnya untuk dibandingkan."),
    ]


def test_an_english_reader_gets_the_tip_written_in_english_from_the_measurements():
    v = make_verdict(_report(), lang="en")
    assert v.fix_tip == ("Never say “no comment”: say why you cannot say more, then what you can say. "
                         "Words about the public 2 against words about yourself or the agency 9. "
                         "Name a concrete benefit to the public. Invite people to take part or share their views.")
    assert v.fix_moments_s == (12.5, 30.0)
    assert verdict_lines(v, "en")[0].text == "Pace, score 100."
    assert verdict_lines(v, "en")[1].label == "One thing to fix"


def test_the_shown_scores_decide_a_trainer_override_included():
    v = make_verdict(_report(), lang="id", scores={**_report().scores, "public": 95.0})
    assert v.fix == "messages" and v.strongest == "pace"  # messages 50 is now the weakest
    assert verdict_lines(v, "id")[1].text.startswith("Pesan kunci, skor 50.")


def test_nothing_urgent_when_every_dimension_is_good_enough():
    good = {d: 90.0 for d in ("pace", "fillers", "pauses", "variety", "clarity", "messages", "public")}
    v = make_verdict(_report(**{**good, "clarity": 85.0}), lang="en")
    assert (v.fix, v.fix_needed, v.fix_tip, v.strongest) == ("clarity", False, "", "pace")
    assert verdict_lines(v, "en")[1].text == "every dimension scores 80 or more; the lowest is Clarity, score 85."


def test_the_attempt_before_is_of_the_same_exercise_when_there_is_one_else_the_last():
    history = [Past(1, T0, "tiga-pesan-kunci"), Past(2, T0 + timedelta(hours=1), "tempo-terkendali"),
               Past(3, T0 + timedelta(hours=2), "tiga-pesan-kunci"), Past(4, T0 + timedelta(hours=3), None),
               Past(5, T0 + timedelta(hours=4), "tiga-pesan-kunci")]  # 5: later than the attempt shown
    now = T0 + timedelta(hours=3, minutes=30)
    found, same = previous_attempt(history, attempt_id=9, created_at=now, exercise_id="tiga-pesan-kunci")
    assert (found.id, same) == (3, True)
    found, same = previous_attempt(history, attempt_id=9, created_at=now, exercise_id="kalimat-pendek")
    assert (found.id, same) == (4, False)  # no earlier attempt of it: the last one
    found, same = previous_attempt(history, attempt_id=9, created_at=now, exercise_id=None)
    assert (found.id, same) == (4, False)
    assert previous_attempt(history, attempt_id=1, created_at=T0, exercise_id="tiga-pesan-kunci") is None
    # the attempt itself is in the history (the Report page's own list): never compared with itself
    found, _ = previous_attempt(history, attempt_id=3, created_at=history[2].created_at, exercise_id="tiga-pesan-kunci")
    assert found.id == 1


def test_the_change_says_up_or_down_in_shown_points_overall_and_the_dimension_that_moved_most():
    before = {"overall": 46.4, "pace": 100.0, "fillers": 45.0, "pauses": 70.0, "variety": 84.0, "clarity": 100.0,
              "messages": 50.0, "public": 40.0}
    v = make_verdict(_report(), lang="id", previous=(Past(7, T0, "tiga-pesan-kunci", before), True))
    assert v.change.overall.points == 8 and shown(54.4) - shown(46.4) == 8
    assert (v.change.most_moved.dimension, v.change.most_moved.points) == ("fillers", 15)
    assert verdict_lines(v, "id")[-1].text == ("#7, latihan yang sama: skor keseluruhan naik 8 poin (46 → 54); "
                                              "paling berubah: Kata pengisi, naik 15 poin (45 → 60).")
    assert verdict_lines(v, "en")[-1].text == ("#7, same exercise: overall score up 8 points (46 → 54); "
                                              "moved most: Fillers, up 15 points (45 → 60).")
    worse = make_verdict(_report(overall=45.0), lang="en", previous=(Past(7, T0, None, {"overall": 46.0}), False))
    assert worse.change.most_moved is None  # no dimension scored in both
    assert verdict_lines(worse, "en")[-1].text == "#7: overall score down 1 point (46 → 45)."


def test_unchanged_scores_and_nothing_to_compare():
    same = compare({"overall": 60.2, "pace": 80.0}, {"overall": 59.9, "pace": 80.0}, attempt_id=2, same_exercise=False)
    assert same.overall.points == 0 and same.most_moved is None
    v = make_verdict(_report(), lang="en", previous=(Past(2, T0, None, {"overall": None}), False))
    assert verdict_lines(v, "en")[-1].text == "#2: no score to compare."
    ties = compare({"pace": 50.0, "variety": 70.0}, {"pace": 60.0, "variety": 60.0}, attempt_id=2, same_exercise=True)
    assert ties.most_moved.dimension == "pace"  # 10 down and 10 up: the rubric's order


def test_no_scored_dimension_gives_no_strongest_nor_fix():
    v = make_verdict(_report(**{d: None for d in REPORT["scores"]}), lang="id")
    assert (v.strongest, v.fix) == (None, None)
    assert [x.kind for x in verdict_lines(v, "id")] == ["first"]
    assert weakest_first({"overall": 10.0, "pace": 70.0, "fillers": 70.0, "clarity": None}) == ("pace", "fillers")


def test_key_message_coverage_covered_partly_or_not_and_where():
    rows = message_coverage(_report())
    assert [(r.text, r.state, r.at_s) for r in rows] == [
        ("Pendaftaran gratis", "covered", 3.2), ("Buka sampai Jumat", "partly", 21.5), ("Hubungi kelurahan", "not", None)]
    assert rows[1].share == 0.34
    old = json.loads(json.dumps(REPORT))
    old["messages"]["key_messages"] = [{"text": "Gratis", "covered": True, "first_mention_s": 1.0, "repetitions": 0}]
    assert [(r.state, r.at_s) for r in message_coverage(SessionReport.from_dict(old))] == [("covered", 1.0)]
