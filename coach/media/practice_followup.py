"""After a saved attempt: how closely it followed its exercise's script, and what to practise next.

Both work from the saved report (``SessionReport.to_dict()``, as the store keeps it, read back with
:meth:`~coach.report.pipeline.SessionReport.from_dict`), so they apply to any attempt, not only the one
just analysed. :func:`script_delivery` takes the transcript rebuilt from the report's words and the
delivery cues (pauses, fillers, pitch) from its measurements;
:func:`coach.media.script_delivery.compare_to_script` does the comparison.
:func:`next_with_reason` is :func:`coach.media.next_exercise.suggest_next` with the dimension that
made the choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .exercises import Exercise
from ..guidelines import Guidelines
from .next_exercise import suggest_next, weakest_dimensions
from .script_delivery import ScriptResult, compare_to_script
from ..report.pipeline import SessionReport, as_report
from ..report.stored import transcript_from_report

__all__ = ["NextStep", "next_with_reason", "script_delivery", "transcript_from_report"]


@dataclass(frozen=True)
class NextStep:
    """The suggested exercise, and why: the weakest dimension it trains and that dimension's score
    (None for both when the report has no scored dimension the exercise trains)."""

    exercise: Exercise
    dimension: str | None
    score: float | None


def script_delivery(report: SessionReport | Mapping[str, Any], script: str, *, lang: str,
                    guidelines: Guidelines | None = None) -> ScriptResult:
    """:func:`coach.media.script_delivery.compare_to_script` for a saved report (with its delivery cues)."""
    typed = as_report(report)
    return compare_to_script(typed.said, script, lang=lang, report=typed, guidelines=guidelines)


def next_with_reason(report: SessionReport | Mapping[str, Any], *, lang: str,
                     exercises: Sequence[Exercise] | None = None) -> NextStep:
    """The exercise to do next (:func:`coach.media.next_exercise.suggest_next`) and the weakest dimension it trains.

    Raises :class:`~coach.errors.ExerciseError` when no exercise is offered in ``lang``.
    """
    report = as_report(report)
    exercise = suggest_next(report, lang=lang, exercises=exercises)
    scores = report.scores
    dim = next((d for d in weakest_dimensions(report) if d in exercise.dimensions), None)
    return NextStep(exercise, dim, float(scores[dim]) if dim is not None else None)
