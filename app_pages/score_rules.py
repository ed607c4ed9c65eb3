"""The rules behind a score in plain words ("Dari mana skor ini?"): each rule a sentence in the interface
language with its value from the guidelines in force, and its source.

Only the rules a speaker can act on are worded (``PLAIN_RULES``); the detectors' technical settings are
counted, with where to find them. A source a trainer's own guidelines file gives is shown as they wrote it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import lang, md, tr, trn
from coach.guidelines import Guidelines, builtin_guidelines

# section -> the rules worded for speakers (catalog keys rule_<section>_<name> and rsrc_<section>_<name>)
PLAIN_RULES: dict[str, tuple[str, ...]] = {
    "pace": ("words_per_minute_band", "window_s", "zero_off_band_share", "pause_min_s"),
    "fillers": ("per_100_words_good", "per_100_words_limit", "burst_penalty_per_minute"),
    "pauses": ("min_s", "sentence_good_s", "clause_long_s", "very_long_s", "score_long_clause_penalty_per_minute",
               "score_very_long_penalty_per_minute"),
    "prosody": ("pvq_monotone", "pvq_lively", "range_semitones_good", "range_semitones_monotone"),
    "clarity": ("sentence_words_mean_max", "sentence_words_longest_max", "flesch_reading_ease_min",
                "hedges_per_100_words_max"),
    "messages": ("max_key_messages", "early_share", "coverage_share"),
    "public": ("audience_share_good", "no_comment_penalty", "ceremony_only_penalty", "exclusive_term_penalty"),
    "timing": ("tolerance", "zero_at_tolerances"),
    "interview": ("soundbite_words_max", "soundbite_s_max", "answer_s", "latency_s", "key_message_within_words"),
}
# values that are shares, shown as percentages
PERCENT = {"pace.zero_off_band_share", "messages.early_share", "messages.coverage_share",
           "public.audience_share_good", "timing.tolerance"}


def plain_value(rule: str, value: Any) -> str:
    """A rule's value as a speaker reads it: 95–130, 25 %, 0,4–1,2 in Indonesian."""
    if isinstance(value, (list, tuple)):
        return "–".join(plain_value(rule, v) for v in value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    number = 100 * value if rule in PERCENT else value
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    if lang() == "id":  # Indonesian writes a decimal comma
        text = text.replace(".", ",")
    return f"{text} %" if rule in PERCENT else text


def rule_lines(guidelines: Guidelines, section: str, speech_lang: str) -> list[str]:
    """One Markdown line per worded rule: the sentence with its value (in the speech's language where the
    rule has one per language) and its source."""
    lines = []
    for name in PLAIN_RULES.get(section, ()):
        rule = f"{section}.{name}"
        text = tr(f"rule_{section}_{name}", v=plain_value(rule, guidelines.value(rule, speech_lang)))
        source = guidelines.source(rule)
        shown = tr(f"rsrc_{section}_{name}") if source == builtin_guidelines().source(rule) else md(source)
        lines.append(f"- {text}  \n  _{tr('rule_source')}: {shown}_")
    return lines


def render_rules(guidelines: Guidelines, section: str, speech_lang: str) -> None:
    """The worded rules of one section, then how many technical settings it also has, and where."""
    technical = len(guidelines.section(section)) - len(PLAIN_RULES.get(section, ()))
    parts = [f"**{tr('rules_heading')}**", "\n".join(rule_lines(guidelines, section, speech_lang))]
    if technical > 0:
        parts.append(trn("rules_technical", technical, section=section))
    st.markdown("\n\n".join(p for p in parts if p))
