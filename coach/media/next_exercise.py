"""What next: after an attempt, the exercise that trains its weakest dimension.

The weakest dimension is the lowest score in the report (ties: the rubric's order, pace first).
Exercises that list it in their ``dimensions`` are candidates: the tip's drill for it
(:data:`coach.report.tips.DRILLS`) first, then those that list it earlier (their main focus), then by
id. The exercise just done is passed over when another one trains the same dimension; when none
does, the next weakest dimension is tried. Text-only exercises (press releases) are not
suggested after a recording.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import ExerciseError
from .exercises import Exercise, load_exercises
from ..report.pipeline import SessionReport, as_report
from ..report.tips import DRILLS
from ..report.verdict import weakest_first

__all__ = ["suggest_next", "weakest_dimensions"]



def weakest_dimensions(report: SessionReport | Mapping[str, Any]) -> tuple[str, ...]:
    """The report's scored dimensions, weakest first ("overall" and unscored ones left out)."""
    return weakest_first(as_report(report).scores)


def suggest_next(report: SessionReport | Mapping[str, Any], *, lang: str,
                 exercises: Sequence[Exercise] | None = None) -> Exercise:
    """The exercise to do next.

    Parameters
    ----------
    report : the attempt's :class:`~coach.report.pipeline.SessionReport`, or its stored JSON (its ``scores``
        and ``exercise_id`` are used)
    lang : "id" or "en": only exercises offered in it are suggested
    exercises : the exercises to choose from; default every file in ``exercises/``

    Raises
    ------
    ExerciseError
        No exercise is offered in ``lang``.
    """
    pool = [e for e in (load_exercises() if exercises is None else exercises) if lang in e.languages]
    if not pool:
        raise ExerciseError(f"No exercise is offered in '{lang}'. Use id or en, or add exercises in that language.")
    report = as_report(report)
    done = report.exercise_id
    spoken = [e for e in pool if e.kind != "press_release"] or pool
    for dim in weakest_dimensions(report):
        fresh = [e for e in spoken if dim in e.dimensions and e.id != done]
        if fresh:
            return min(fresh, key=lambda e: (e.id != DRILLS[dim], e.dimensions.index(dim), e.id))
    others = [e for e in spoken if e.id != done]
    return (others or spoken)[0]
