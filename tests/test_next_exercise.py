"""What next: the exercise that trains the weakest dimension, not the one just done."""

from __future__ import annotations

import pytest

from coach.errors import ExerciseError
from coach.media.exercises import Exercise
from coach.media.next_exercise import suggest_next, weakest_dimensions

GOOD = {"pace": 90, "fillers": 90, "pauses": 90, "variety": 90, "clarity": 90, "messages": 90, "public": 90,
        "timing": None}


def report(exercise_id: str | None = None, **scores: float | None) -> dict:
    return {"exercise_id": exercise_id, "scores": {"overall": 10.0, **GOOD, **scores}}


def test_weakest_first_overall_and_unscored_left_out():
    assert weakest_dimensions(report(fillers=40, clarity=55, public=55)) == (
        "fillers", "clarity", "public", "pace", "pauses", "variety", "messages")  # ties in rubric order
    assert weakest_dimensions({"scores": {}}) == weakest_dimensions({}) == ()


@pytest.mark.parametrize("scores,done,expected", [
    ({"fillers": 40}, None, "jeda-pengganti-pengisi"),  # the tip's drill for fillers
    # just done: the exercise that lists fillers earliest ("tanpa-membaca": 2nd, "doorstop": 3rd)
    ({"fillers": 40}, "jeda-pengganti-pengisi", "tanpa-membaca"),
    ({"variety": 30}, "variasi-vokal", "tanpa-membaca"),
    ({"clarity": 50}, None, "kalimat-pendek"),
    # never the text-only press release after a recording: "soundbite" lists clarity 2nd
    ({"clarity": 50}, "kalimat-pendek", "soundbite"),
    ({"messages": 20, "public": 20}, "doorstop", "tiga-pesan-kunci"),  # the tie goes to messages
])
def test_suggests_a_drill_for_the_weakest_dimension(scores, done, expected):
    assert suggest_next(report(done, **scores), lang="id").id == expected


def ex(ex_id: str, dims: tuple[str, ...], languages=("id", "en"), kind: str = "speech") -> Exercise:
    text = {lang: ex_id for lang in languages}
    return Exercise(id=ex_id, version=1, kind=kind, languages=languages, title=text, goal=text,
                    instructions=text, dimensions=dims, target_duration_s=60.0)


def test_next_weakest_dimension_when_only_the_done_exercise_trains_it():
    pool = [ex("a", ("variety",)), ex("b", ("pace",)), ex("c", ("clarity",))]
    assert suggest_next(report("a", variety=10, pace=50, clarity=60), lang="id", exercises=pool).id == "b"
    # nothing else left at all: repeat rather than fail
    assert suggest_next(report("a", variety=10), lang="id", exercises=[pool[0]]).id == "a"


def test_only_exercises_in_the_language_and_no_scores():
    pool = [ex("en-only", ("fillers",), languages=("en",)), ex("both", ("pace",))]
    assert suggest_next(report(fillers=10, pace=80), lang="id", exercises=pool).id == "both"
    assert suggest_next(report(fillers=10, pace=80), lang="en", exercises=pool).id == "en-only"
    assert suggest_next({"scores": {}}, lang="id", exercises=pool).id == "both"
    with pytest.raises(ExerciseError, match="No exercise is offered in 'id'"):
        suggest_next(report(), lang="id", exercises=pool[:1])
