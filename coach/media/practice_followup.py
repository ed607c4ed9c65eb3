"""After a saved attempt: how closely it followed its exercise's script, and what to practise next.

Both work from the saved report (``SessionReport.to_dict()``, as the store keeps it), so they
apply to any attempt, not only the one just analysed. :func:`script_delivery` rebuilds the
transcript from the report's words and reads the delivery cues (pauses, fillers, pitch) from its
measurements; :func:`coach.media.script_delivery.compare_to_script` does the comparison.
:func:`next_with_reason` is :func:`coach.media.next_exercise.suggest_next` with the dimension that
made the choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from .exercises import Exercise
from ..guidelines import Guidelines
from .next_exercise import suggest_next, weakest_dimensions
from .script_delivery import ScriptResult, compare_to_script
from ..types import Segment, Transcript, Word

__all__ = ["NextStep", "next_with_reason", "script_delivery", "transcript_from_report"]


@dataclass(frozen=True)
class NextStep:
    """The suggested exercise, and why: the weakest dimension it trains and that dimension's score
    (None for both when the report has no scored dimension the exercise trains)."""

    exercise: Exercise
    dimension: str | None
    score: float | None


def transcript_from_report(report: Mapping[str, Any]) -> Transcript:
    """The :class:`Transcript` of a saved report: its words, grouped into its segments by start time."""
    t = report.get("transcript") or {}
    words = [Word(str(w["text"]), float(w["start"]), float(w["end"]), float(w.get("probability", 1.0)))
             for w in t.get("words") or []]
    spans = [(float(s["start"]), float(s["end"]), str(s.get("text", ""))) for s in t.get("segments") or []]
    if not spans:
        spans = [(words[0].start, words[-1].end, " ".join(w.text for w in words))] if words else []
    groups: list[list[Word]] = [[] for _ in spans]
    for w in words:  # each word joins the last segment starting at or before it
        k = max((i for i, (start, _, _) in enumerate(spans) if start <= w.start + 1e-6), default=0)
        groups[k].append(w)
    segments = tuple(Segment(text, start, end, tuple(ws)) for (start, end, text), ws in zip(spans, groups, strict=True))
    return Transcript(language=str(report.get("language", "")), duration_s=float(report.get("duration_s") or 0.0),
                      segments=segments, language_probability=float(t.get("language_probability") or 1.0))


def _cue_view(report: Mapping[str, Any]) -> Any:
    """The parts of a SessionReport that the delivery cues read, from the saved report."""
    prosody, pauses, fillers = (report.get(k) or {} for k in ("prosody", "pauses", "fillers"))
    return SimpleNamespace(
        pauses=SimpleNamespace(count=int(pauses.get("count") or 0)),
        fillers=SimpleNamespace(per_100_words=float(fillers.get("per_100_words") or 0.0)),
        prosody=SimpleNamespace(pvq=prosody.get("pvq"), monotone=bool(prosody.get("monotone"))),
    )


def script_delivery(report: Mapping[str, Any], script: str, *, lang: str,
                    guidelines: Guidelines | None = None) -> ScriptResult:
    """:func:`coach.media.script_delivery.compare_to_script` for a saved report (with its delivery cues)."""
    return compare_to_script(transcript_from_report(report), script, lang=lang, report=_cue_view(report),
                             guidelines=guidelines)


def next_with_reason(report: Mapping[str, Any], *, lang: str,
                     exercises: Sequence[Exercise] | None = None) -> NextStep:
    """The exercise to do next (:func:`coach.media.next_exercise.suggest_next`) and the weakest dimension it trains.

    Raises :class:`~coach.errors.ExerciseError` when no exercise is offered in ``lang``.
    """
    exercise = suggest_next(report, lang=lang, exercises=exercises)
    scores = report.get("scores") or {}
    dim = next((d for d in weakest_dimensions(report) if d in exercise.dimensions), None)
    return NextStep(exercise, dim, float(scores[dim]) if dim is not None else None)
