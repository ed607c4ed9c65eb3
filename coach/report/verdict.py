"""The report's verdict in words: its strongest point, the one thing to fix, and the change since the last attempt.

Everything here is read from scores and measurements already in the report (and the earlier attempt's
scores): the strongest point is the highest scored dimension, the one thing to fix the lowest (ties: the
rubric's order, as :func:`coach.media.next_exercise.weakest_dimensions`) with the tip its dimension's
writer gives (:mod:`coach.report.tip_texts`), and the change compares the overall score and the dimension
that moved most with the attempt before this one: of the same exercise when there is one, else the last.
On a first attempt there is nothing to compare, and the verdict says so.

Score differences are those of the scores as shown (whole numbers), so "up 8 points" is what a reader
gets by subtracting the two numbers on screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from ..guidelines import Guidelines, load_guidelines
from ..i18n import t, tn
from .dimensions import DIMENSION_KEYS, OVERALL, dimension
from .tip_texts import limits

__all__ = ["Change", "Movement", "PastAttempt", "Verdict", "VerdictLine", "compare", "make_verdict",
           "previous_attempt", "shown", "verdict_lines", "weakest_first"]


class PastAttempt(Protocol):
    """What the verdict reads of an earlier attempt (a :class:`coach.store.types.AttemptSummary`)."""

    id: int
    created_at: datetime
    exercise_id: str | None
    scores: Mapping[str, float | None]


def shown(score: float) -> int:
    """A score as the report shows it (``f"{score:.0f}"``), as a number."""
    return int(f"{score:.0f}")


def _scored(scores: Mapping[str, Any]) -> list[str]:
    return [d for d in DIMENSION_KEYS if isinstance(scores.get(d), (int, float)) and not isinstance(scores.get(d), bool)]


def weakest_first(scores: Mapping[str, Any]) -> tuple[str, ...]:
    """The scored dimensions, lowest score first (ties: the rubric's order); "overall" and unscored ones left out."""
    return tuple(sorted(_scored(scores), key=lambda d: (scores[d], DIMENSION_KEYS.index(d))))


@dataclass(frozen=True)
class Movement:
    """One score then and now: ``dimension`` is "overall" or a dimension's key."""

    dimension: str
    before: float
    after: float

    @property
    def points(self) -> int:
        """The change in shown (whole) points: positive up, negative down."""
        return shown(self.after) - shown(self.before)


@dataclass(frozen=True)
class Change:
    """This attempt against an earlier one (``attempt_id``).

    same_exercise : the earlier attempt was of the same exercise
    overall : the overall score then and now (None when either is not scored)
    most_moved : the dimension whose shown score moved most (ties: the rubric's order); None when none
        scored in both moved
    """

    attempt_id: int
    same_exercise: bool
    overall: Movement | None
    most_moved: Movement | None


@dataclass(frozen=True)
class Verdict:
    """The verdict on one attempt.

    strongest : the highest scored dimension other than ``fix`` (None with fewer than two scored)
    fix : the lowest scored dimension (None when none is scored)
    fix_needed : ``fix`` scores under ``tips.good_enough_score``
    fix_tip : what to do about ``fix``, its dimension's tip ("" when none could be written)
    fix_moments_s : moments of the recording the tip points at
    change : the comparison with the attempt before; None on a first attempt
    """

    scores: Mapping[str, float | None]
    strongest: str | None
    fix: str | None
    fix_needed: bool
    fix_tip: str
    fix_moments_s: tuple[float, ...]
    change: Change | None
    good_enough: float


@dataclass(frozen=True)
class VerdictLine:
    """One line of the verdict in words: ``kind`` ("strongest", "fix", "fine", "change", "first"), a short
    ``label`` and its plain ``text`` (may quote the speaker's key messages: escape it for markup)."""

    kind: str
    label: str
    text: str


def previous_attempt(history: Sequence[PastAttempt], *, attempt_id: int, created_at: datetime | None,
                     exercise_id: str | None) -> tuple[PastAttempt, bool] | None:
    """The attempt to compare with, and whether it is of the same exercise.

    ``history``: the same person's attempts. Earlier ones are those made before ``created_at`` (same
    time: a lower id). The last earlier attempt of ``exercise_id``, when there is one; else the last earlier
    attempt; None when there is none (a first attempt).
    """
    def earlier(a: PastAttempt) -> bool:
        if a.id == attempt_id:
            return False
        if created_at is None:
            return a.id < attempt_id
        return (a.created_at, a.id) < (created_at, attempt_id)

    before = sorted((a for a in history if earlier(a)), key=lambda a: (a.created_at, a.id))
    if not before:
        return None
    same = [a for a in before if exercise_id is not None and a.exercise_id == exercise_id]
    return (same[-1], True) if same else (before[-1], False)


def compare(now: Mapping[str, Any], before: Mapping[str, Any], *, attempt_id: int, same_exercise: bool) -> Change:
    """The overall score and the dimension that moved most, from ``before``'s scores to ``now``'s."""
    def movement(key: str) -> Movement | None:
        a, b = before.get(key), now.get(key)
        ok = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
        return Movement(key, float(a), float(b)) if ok else None  # type: ignore[arg-type]

    moves = [m for m in (movement(d) for d in DIMENSION_KEYS) if m is not None and m.points != 0]
    most = max(moves, key=lambda m: (abs(m.points), -DIMENSION_KEYS.index(m.dimension)), default=None)
    return Change(attempt_id, same_exercise, movement(OVERALL), most)


def tip_in(report: Any, dim: str, lang: str, guidelines: Guidelines) -> tuple[str, tuple[float, ...]]:
    """The tip on ``dim`` in ``lang`` (the reader's): the report's own when it wrote one in that language, else
    its dimension's writer's, from the report's measurements ("" when a report is too old for the writer)."""
    if report.language == lang:
        for tip in report.tips:
            if tip.dimension == dim:
                return tip.text, tuple(tip.moments_s)
    try:
        text, moments = dimension(dim).tip(report, lang, limits(guidelines, lang))
    except (ValueError, TypeError, AttributeError, KeyError):  # a report too old to hold what the writer quotes
        return "", ()
    return text, tuple(round(float(m), 2) for m in moments)


def make_verdict(report: Any, *, lang: str, scores: Mapping[str, float | None] | None = None,
                 previous: tuple[PastAttempt, bool] | None = None, guidelines: Guidelines | None = None) -> Verdict:
    """The verdict on ``report`` (a :class:`~coach.report.pipeline.SessionReport`) for a reader of ``lang``.

    scores : the scores as shown (a trainer's overrides in); default the report's
    previous : the attempt to compare with and whether it is of the same exercise (:func:`previous_attempt`);
        None on a first attempt. Its scores are compared with the report's computed ones, as both were measured.
    """
    guidelines = guidelines or load_guidelines()
    shown_scores = dict(report.scores if scores is None else scores)
    order = weakest_first(shown_scores)
    fix = order[0] if order else None
    rest = order[1:]
    strongest = max(rest, key=lambda d: (shown_scores[d], -DIMENSION_KEYS.index(d))) if rest else None
    good_enough = float(guidelines.value("tips.good_enough_score"))
    needed = fix is not None and float(shown_scores[fix]) < good_enough  # type: ignore[arg-type]
    tip, moments = tip_in(report, fix, lang, guidelines) if needed and fix is not None else ("", ())
    change = None
    if previous is not None:
        past, same = previous
        change = compare(report.scores, past.scores, attempt_id=past.id, same_exercise=same)
    return Verdict(shown_scores, strongest, fix, needed, tip, moments, change, good_enough)


def _move(m: Movement, lang: str) -> str:
    if m.points > 0:
        return tn("verdict_up", m.points, lang)
    if m.points < 0:
        return tn("verdict_down", -m.points, lang)
    return t("verdict_same", lang)


def _change_text(change: Change, lang: str) -> str:
    parts = []
    if change.overall is not None:
        o = change.overall
        parts.append(t("verdict_overall_move", lang, move=_move(o, lang), before=shown(o.before), after=shown(o.after)))
    if change.most_moved is not None:
        m = change.most_moved
        parts.append(t("verdict_dim_move", lang, dim=t(f"dim_{m.dimension}", lang), move=_move(m, lang),
                       before=shown(m.before), after=shown(m.after)))
    moves = "; ".join(parts) if parts else t("verdict_nothing_to_compare", lang)
    key = "verdict_change_same" if change.same_exercise else "verdict_change_last"
    return t(key, lang, id=change.attempt_id, moves=moves)


def verdict_lines(verdict: Verdict, lang: str) -> tuple[VerdictLine, ...]:
    """The verdict in words, in ``lang``: strongest point, the one thing to fix (or that nothing is urgent),
    and the change since the attempt before (or that this is the first)."""
    lines = []
    s = verdict.scores
    if verdict.strongest is not None:
        lines.append(VerdictLine("strongest", t("verdict_strongest_label", lang),
                                 t("verdict_strongest", lang, dim=t(f"dim_{verdict.strongest}", lang),
                                   score=shown(s[verdict.strongest]))))  # type: ignore[arg-type]
    if verdict.fix is not None:
        dim, score = t(f"dim_{verdict.fix}", lang), shown(s[verdict.fix])  # type: ignore[arg-type]
        if verdict.fix_needed:
            text = t("verdict_fix", lang, dim=dim, score=score)
            lines.append(VerdictLine("fix", t("verdict_fix_label", lang), f"{text} {verdict.fix_tip}".strip()))
        else:
            lines.append(VerdictLine("fine", t("verdict_fine_label", lang),
                                     t("verdict_fine", lang, good=shown(verdict.good_enough), dim=dim, score=score)))
    if verdict.change is None:
        lines.append(VerdictLine("first", t("verdict_first_label", lang), t("verdict_first", lang)))
    else:
        lines.append(VerdictLine("change", t("verdict_change_label", lang), _change_text(verdict.change, lang)))
    return tuple(lines)
