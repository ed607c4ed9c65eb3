"""The text of one tip per dimension, in the speaker's language, filled with the measured results.

Each writer takes a report (a :class:`coach.report.pipeline.SessionReport`), the language and the
guideline limits the texts quote (:func:`limits`), and returns the text and the moments (s) worth
replaying. The texts come from the ``[tips]`` table of coach/lang/<lang>.toml, so every number in
a tip is a measurement. :mod:`coach.report.dimensions` names each dimension's writer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..lang.lexicon import load_lexicon

if TYPE_CHECKING:
    from ..guidelines import Guidelines

TipWriter = Callable[[Any, str, dict[str, str]], tuple[str, tuple[float, ...]]]
"""``writer(report, lang, limits) -> (text, moments_s)``."""

__all__ = ["TipWriter", "clarity", "fillers", "limits", "messages", "pace", "pauses", "public", "timing", "variety"]

def _number(value: float, lang: str, decimals: int = 1) -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "id" else text


def _say(lang: str, key: str, **values: Any) -> str:
    """The tip text ``key`` from coach/lang/<lang>.toml [tips], filled with measured values and limits."""
    return str(load_lexicon(lang).mapping("tips")[key]).format(**values)


def limits(guidelines: Guidelines, lang: str) -> dict[str, str]:
    """The guideline values tip texts quote, written for ``lang``."""
    low, high = guidelines.value("pauses.sentence_good_s")
    return {
        "pause_low": _number(low, lang), "pause_high": _number(high, lang),
        "very_long": _number(guidelines.value("pauses.very_long_s"), lang, 0),
        "opening": _number(guidelines.value("messages.opening_s"), lang, 0),
        "tolerance": _number(100 * guidelines.value("timing.tolerance"), lang, 0),
    }


def pace(r: Any, lang: str, lim: dict[str, str]) -> tuple[str, tuple[float, ...]]:
    low, high = r.pace.band_wpm
    where = {"fast": "pace_fast", "slow": "pace_slow"}.get(r.pace.verdict, "pace_uneven")
    # The wpm the verdict judged: the signal's estimate when pace rests on the signal.
    judged_wpm = getattr(r.pace, "verdict_words_per_minute", r.pace.words_per_minute)
    text = _say(lang, "pace", wpm=f"{judged_wpm:.0f}", where=_say(lang, where),
                low=f"{low:.0f}", high=f"{high:.0f}")
    return text, tuple(e.start for e in r.pace.out_of_band[:3])


def fillers(r: Any, lang: str, lim: dict[str, str]) -> tuple[str, tuple[float, ...]]:
    common = Counter(e.text.lower().strip("[]") for e in r.fillers.events).most_common(2)
    names = ", ".join(f"“{w}”" for w, _ in common)
    text = _say(lang, "fillers", count=r.fillers.count, per_100=_number(r.fillers.per_100_words, lang), names=names)
    return text, tuple(e.start for e in r.fillers.events[:3])


def pauses(r: Any, lang: str, lim: dict[str, str]) -> tuple[str, tuple[float, ...]]:
    long = [p for p in r.pauses.events if p.long]
    text = _say(lang, "pauses_long" if long else "pauses_few", count=len(long), **lim)
    return text, tuple(p.start for p in long[:3])


def variety(r: Any, lang: str, lim: dict[str, str]) -> tuple[str, tuple[float, ...]]:
    text = _say(lang, "variety", sd=_number(r.prosody.pitch_sd_semitones or 0.0, lang))
    return text, tuple(e.start for e in r.prosody.monotone_stretches[:3])


def clarity(r: Any, lang: str, lim: dict[str, str]) -> tuple[str, tuple[float, ...]]:
    text = _say(lang, "clarity", longest=r.clarity.sentence_words_longest,
                mean=_number(r.clarity.sentence_words_mean, lang))
    if r.clarity.unexplained_acronyms:
        text += " " + _say(lang, "clarity_acronyms", acronyms=", ".join(r.clarity.unexplained_acronyms[:4]))
    return text, ()


def messages(r: Any, lang: str, lim: dict[str, str]) -> tuple[str, tuple[float, ...]]:
    missing = [k.text for k in r.messages.key_messages if not k.covered]
    parts = [_say(lang, "messages_missing", missing="; ".join(f"“{m}”" for m in missing))] if missing else []
    if not r.messages.purpose_in_opening:
        parts.append(_say(lang, "messages_purpose", **lim))
    if not r.messages.call_to_action:
        parts.append(_say(lang, "messages_call_to_action"))
    return " ".join(parts) or _say(lang, "messages_repeat"), ()


def public(r: Any, lang: str, lim: dict[str, str]) -> tuple[str, tuple[float, ...]]:
    p = r.public
    parts = [_say(lang, "public_no_comment")] if p.no_comment else []
    parts.append(_say(lang, "public_balance", audience=p.audience_words, self=p.self_words))
    if not p.public_benefit:
        parts.append(_say(lang, "public_benefit"))
    if not p.invitation:
        parts.append(_say(lang, "public_invitation"))
    return " ".join(parts), tuple(p.no_comment_at[:3])


def timing(r: Any, lang: str, lim: dict[str, str]) -> tuple[str, tuple[float, ...]]:
    return _say(lang, "timing", duration=f"{r.duration_s:.0f}", target=f"{r.timing_target_s or 0.0:.0f}", **lim), ()
