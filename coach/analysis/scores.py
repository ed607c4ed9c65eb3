"""The overall score: one weighted mean, used by the analysis and again when a trainer overrides a score.

Light on purpose (no analysis imports): the store and the exports call it too.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["overall_score"]


def overall_score(scores: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Weighted mean of the dimensions that could be scored; a None (unmeasurable) dimension is
    left out, not counted as 0. None when nothing could be scored."""
    used = {d: s for d, s in scores.items() if d != "overall" and s is not None and weights.get(d, 0) > 0}
    total = sum(weights[d] for d in used)
    return sum(weights[d] * s for d, s in used.items()) / total if total else None
