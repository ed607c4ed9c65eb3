"""Readability measures with an explicit language, offline.

English: Flesch reading ease (Flesch 1948: 206.835 − 1.015 × words per sentence − 84.6 × syllables per
word), counted exactly as textstat 0.7 counts it (its word list, sentence rule and syllable lookup,
:func:`flesch_reading_ease_en`) but from the CMU table Wicara already holds
(:func:`coach.lang.cmu.cmu_syllable_table`). textstat itself imports NLTK (3 s of CPU) and reads the
dictionary again through NLTK's corpus reader (2.8 s), and it calls ``nltk.download`` when the corpus
is missing, which fails offline; ``tests/test_readability.py`` checks the two agree.

Indonesian: no standard readability formula exists, and English formulas give nonsense on it
(Flesch ≈ −37 for ordinary text). Indonesian teachers use the Fry graph with the syllable count
× 0.6; we report the graph's two inputs, named as such, and never an English formula's number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .cmu import cmu_syllable_table
from .syllables import count_syllables, normalise_word

__all__ = ["flesch_reading_ease_en", "fry_inputs_id"]

_FRY_SYLLABLE_FACTOR_ID = 0.6  # the Indonesian adaptation of the Fry graph (DOMAIN.md: syllables × 0.6)
# Flesch (1948), the constants textstat uses for English.
_FRE_BASE, _FRE_SENTENCE_LENGTH, _FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6
# textstat's word rules (backend/utils/constants.py, transformations/_remove_punctuation.py): apostrophes
# stay only in contractions; every other non-word, non-space character goes.
_CONTRACTION_ENDINGS = r"[tsd]|ve|ll|re"
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!" + _CONTRACTION_ENDINGS + ")")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


def _words(text: str) -> list[str]:
    """textstat's ``list_words(text)``: punctuation removed, contractions kept whole."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


def _sentence_count(text: str) -> int:
    """textstat's ``count_sentences``: runs ending in . ! ?, those of two words or fewer not counted."""
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    return max(1, len(sentences) - sum(1 for s in sentences if len(_words(s)) <= 2))


@lru_cache(maxsize=1)
def _pyphen_en():
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


def _syllables_en(word: str) -> int:
    """textstat's English syllable rule: the CMU count, else pyphen's hyphenation points + 1."""
    known = cmu_syllable_table().get(word)
    if known is not None:
        return known
    return len(_pyphen_en().positions(word)) + 1


def flesch_reading_ease_en(text: str) -> float:
    """Flesch reading ease of English ``text`` (Flesch 1948; 60–70 is plain English).

    0.0 for a text without words, as textstat gives.
    """
    words = _words(text)
    sentences = _sentence_count(text)
    if not words or not sentences:
        return 0.0
    syllables = sum(_syllables_en(w.lower()) for w in words)
    if syllables == 0:
        return 0.0
    return _FRE_BASE - _FRE_SENTENCE_LENGTH * (len(words) / sentences) - _FRE_SYLLABLES_PER_WORD * (
        syllables / len(words))


def fry_inputs_id(sentences: Sequence[Sequence[str]]) -> tuple[float, float]:
    """The Fry graph's inputs for Indonesian, per 100 words.

    Returns ``(syllables per 100 words × 0.6, sentences per 100 words)``: the × 0.6 brings Indonesian's
    longer words (~2.75 syllables per word in formal text) onto the graph's English scale.
    """
    words = [w for s in sentences for w in s if normalise_word(w)]
    if not words:
        return 0.0, 0.0
    syllables = sum(count_syllables(w, "id") for w in words)
    return 100.0 * syllables / len(words) * _FRY_SYLLABLE_FACTOR_ID, 100.0 * len(sentences) / len(words)
