"""Plain-text summary of a report for the terminal, in the speaker's language."""

from __future__ import annotations

from ..i18n import LANGUAGES, notice_message
from ..i18n import t as tr
from .pipeline import SessionReport

__all__ = ["render_summary"]


def _label(key: str, lang: str) -> str:
    """``summary.<key>`` of the interface catalogs; a key without one (a new dimension) shows itself."""
    text = tr(f"summary.{key}", lang)
    return key if text == f"summary.{key}" else text


def render_summary(report: SessionReport) -> str:
    """Scores, tips, warnings and the transcript with word times, as lines of text."""
    lang = report.language if report.language in LANGUAGES else "en"
    t = {key: _label(key, lang) for key in ("language", "duration", "transcript", "scores", "tips", "warnings",
                                            "replay", *report.scores)}
    lines = [f"{t['language']}: {report.language}    {t['duration']}: {report.duration_s:.1f} s", "", t["scores"] + ":"]
    for dim, score in report.scores.items():
        lines.append(f"  {t.get(dim, dim):<22} {'–' if score is None else f'{score:5.1f}'}")
    if report.tips:
        lines += ["", t["tips"] + ":"]
        for i, tip in enumerate(report.tips, 1):
            where = f" ({t['replay']} {', '.join(f'{m:.1f} s' for m in tip.moments_s)})" if tip.moments_s else ""
            lines.append(f"  {i}. {tip.text}{where}")
    if report.warnings:
        # In the speaker's language, as the app shows them; a code without a catalog text keeps its English message
        lines += ["", t["warnings"] + ":"] + [
            f"  - {notice_message(n.code, lang, start=n.start_s, end=n.end_s, fallback=n.message)}"
            for n in report.warnings]
    lines += ["", t["transcript"] + ":"]
    for seg in report.transcript.segments:
        words = " ".join(f"{w.text}({w.start:.2f})" for w in seg.words)
        lines.append(f"  [{seg.start:6.2f}–{seg.end:6.2f}] {words}")
    return "\n".join(lines)
