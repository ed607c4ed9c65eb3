"""Pick the few tips that matter most, in the speaker's language, each pointing at moments and a drill.

A tip is chosen for the dimensions that lose the most weighted points. Its text is written by the
dimension's writer (:mod:`coach.report.tip_texts`, named in :mod:`coach.report.dimensions`), filled
with the measured results, so every number in it is a measurement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..guidelines import Guidelines, load_guidelines
from .dimensions import DIMENSIONS
from .tip_texts import TipWriter
from .tip_texts import limits as _limits

__all__ = ["DRILLS", "Tip", "pick_tips"]

# Dimension → exercise id (exercises/*.toml) that trains it.
DRILLS = {d.key: d.drill for d in DIMENSIONS}
_WRITERS: dict[str, TipWriter] = {d.key: d.tip for d in DIMENSIONS}
_MAX_TIPS = 3


@dataclass(frozen=True)
class Tip:
    """Advice on one dimension. ``moments_s`` are times in the recording worth replaying."""

    dimension: str
    text: str
    moments_s: tuple[float, ...]
    drill: str


def pick_tips(report: Any, *, scores: dict[str, float | None], weights: dict[str, float], lang: str,
              guidelines: Guidelines | None = None) -> tuple[Tip, ...]:
    """At most three tips, the dimension losing the most weighted points first.

    ``guidelines`` (default: the built-in file) supplies the limits the texts quote.
    """
    guidelines = guidelines or load_guidelines()
    limits = _limits(guidelines, lang)
    good_enough = float(guidelines.value("tips.good_enough_score"))  # a dimension at or above needs no tip
    lost = {
        dim: weights.get(dim, 0.0) * (100.0 - score)
        for dim, score in scores.items()
        if dim in _WRITERS and score is not None and score < good_enough
    }
    tips = []
    for dim in sorted(lost, key=lost.__getitem__, reverse=True)[:_MAX_TIPS]:
        text, moments = _WRITERS[dim](report, lang, limits)
        tips.append(Tip(dim, text, tuple(round(m, 2) for m in moments), DRILLS[dim]))
    return tuple(tips)
