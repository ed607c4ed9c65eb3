"""Phrase matching that tolerates recognition errors: one mechanism for every phrase list.

Whisper base mishears Indonesian ("tidak ada komentar" → "di nakada komentar", "layanan perizinan"
→ "lianan perilinan") and splits or joins words where the speaker did not. So phrases are compared
as *letters*, not words: a phrase's letters (lower case, spaces and punctuation dropped, repeated
letters squeezed) against the letters of every run of one to ``len(phrase) + 1`` consecutive
words, scored with rapidfuzz's normalised Levenshtein similarity (0–1: a misheard letter costs one
edit, and so does a missing one, so "ada komentar" stays far from "tidak ada komentar"). The
phrase's last word must be as similar to the run's last word (or its last n-2 to n+2 letters, n the
word's: "com nent" ends "comment"), and the letters
before it nearly as many as the phrase's, so that a missing negation is not forgiven and a long shared word
("masyarakat dapat" / "masyarakat adalah") cannot carry a different phrase. Short targets
(``matching.exact_max_letters`` letters or fewer) must match exactly: one wrong letter in "kita"
or "anda" makes another word. Wildcard entries ("daftar*") match by prefix only. With ``fold``
("no comment" does), sounds Whisper confuses are folded first (:func:`sounds`: "di nakada" →
"tinakata", as "tidak ada" → "titakata"); folding every list found more purpose and audience
phrases but many more false ones on the development transcripts, so the other lists compare
plain letters. Key-message
words are compared one by one (:func:`word_hits`) with the normalised Indel similarity
(``fuzz.ratio``), which forgives a dropped or added letter more.

Thresholds (``matching.*``, ``public.no_comment_min_similarity``) were chosen on a development
set of misheard transcripts and checked on a separate test set (``benchmarks/phrase_matching.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from .lexicon import Match, Token, find_phrases, squeeze

__all__ = ["find_phrases_fuzzy", "letters", "similarity", "sounds", "word_hits"]

_NOT_LETTER = re.compile(r"[^\w]|[\d_]")
# Sounds Whisper confuses in Indonesian and English, folded to one letter before comparing:
# voiced/voiceless pairs ("di nakada" for "tidak ada", "pukum" for "hukum" aside), spellings of one
# sound ("comment"/"komen", "sy"/"s", "kh"/"k"), y/i, and u/o ("No, cuman" for "no komen": folding
# u/o found more on the development answers with no false alarm; folding e/a as well found less).
_DIGRAPHS = (("ch", "c"), ("ck", "k"), ("kh", "k"), ("ph", "f"), ("sy", "s"), ("qu", "kw"), ("x", "ks"))
_FOLD = str.maketrans("bdgvzcqyu", "ptkfskkio")
_SLACK = 1e-6  # see find_phrases_fuzzy


@lru_cache(maxsize=100_000)
def letters(text: str) -> str:
    """Lower-case letters only, repeated letters squeezed: ``"Di nakada-"`` → ``"dinakada"``."""
    return squeeze(_NOT_LETTER.sub("", text.lower()))


@lru_cache(maxsize=100_000)
def sounds(text: str) -> str:
    """:func:`letters` with sounds Whisper confuses folded together: b/p, d/t, g/k, v/f, z/s, c/k,
    q/k, y/i, u/o, and "ch", "kh", "sy", "ph" spellings (``"Di nakada"`` → ``"tinakata"``)."""
    s = letters(text)
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    return squeeze(s.translate(_FOLD))


def similarity(a: str, b: str) -> float:
    """Normalised Levenshtein similarity of the letters of ``a`` and ``b``, 0–1."""
    return float(Levenshtein.normalized_similarity(letters(a), letters(b)))


def find_phrases_fuzzy(
    tokens: Sequence[Token],
    phrases: Sequence[Sequence[str]],
    *,
    min_similarity: float,
    exact_max_letters: int,
    within_sentence: bool = True,
    accept: Callable[[int, int, float, tuple[str, ...]], bool] | None = None,
    fold: bool = False,
    head_min_similarity: float = 0.0,
) -> list[Match]:
    """Non-overlapping matches of ``phrases``: exact ones, then near ones, best first.

    accept : optional test ``accept(start, stop, similarity, phrase)`` a near match's token span must
        pass (e.g. "is a whole clause, or very alike") before the best non-overlapping ones are chosen
    fold : compare :func:`sounds` (confusable sounds folded together) rather than :func:`letters`
    head_min_similarity : the letters before a phrase's last word must also be this similar to the
        phrase's own, so that a long well-heard last word ("komentar") cannot carry a different
        start ("Tadi ada komentar"); 0 leaves it to ``min_similarity`` over the whole phrase

    A near match is a run of 1 to ``len(phrase) + 1`` tokens (not across a sentence end when
    ``within_sentence``) whose letters reach ``min_similarity`` against the phrase's letters;
    phrases of at most ``exact_max_letters`` letters and wildcard phrases match only exactly.
    ``Match.similarity`` is 1 for exact matches.
    """
    found = find_phrases(tokens, phrases, within_sentence=within_sentence)
    used = {k for m in found for k in range(m.start, m.stop)}
    targets = sorted({tuple(p) for p in phrases if p and not any(w.endswith("*") for w in p)
                      and len(letters("".join(p))) > exact_max_letters})
    if not targets or not tokens:
        return found
    longest = max(len(p) for p in targets) + 1
    form = sounds if fold else letters
    spans: list[tuple[int, int]] = []
    texts: list[str] = []
    for i in range(len(tokens)):
        for n in range(1, longest + 1):
            j = i + n
            if j > len(tokens) or (within_sentence and any(t.sentence_end for t in tokens[i:j - 1])):
                break
            spans.append((i, j))
            texts.append(form("".join(t.text for t in tokens[i:j])))
    goal = [form("".join(p)) for p in targets]
    # rapidfuzz turns the cutoff into a distance in floating point: at exactly 0.8 it let no 5-letter word
    # with one wrong letter through ("wadga" for "warga", 0.8). Similarities are k/n, so this slack admits
    # nothing below the cutoff.
    scores = cdist(texts, goal, scorer=Levenshtein.normalized_similarity, score_cutoff=min_similarity - _SLACK,
                   dtype=np.float64, workers=1)
    candidates = []
    for row, col in zip(*scores.nonzero(), strict=True):
        i, j = spans[row]
        phrase = targets[col]
        if j - i > len(phrase) + 1:
            continue
        if accept is not None and not accept(i, j, float(scores[row, col]), phrase):
            continue
        if len(phrase) > 1 and not _ends_alike(texts[row], form(tokens[j - 1].text), goal[col],
                                               form(phrase[-1]), min_similarity, head_min_similarity):
            continue
        candidates.append((float(scores[row, col]), -(j - i), i, j, " ".join(phrase)))
    for score, _, i, j, phrase in sorted(candidates, reverse=True):
        if any(k in used for k in range(i, j)):
            continue
        found.append(Match(i, j, phrase, round(score, 3)))
        used.update(range(i, j))
    return sorted(found, key=lambda m: m.start)


def _ends_alike(span: str, last_token: str, target: str, last_word: str, min_similarity: float,
                head_min_similarity: float = 0.0) -> bool:
    """Both ends of a phrase were said: its last word matches the run's last word, or the run's
    last letters (Whisper joins and re-splits words: "tada kadakomentar"), at least
    ``min_similarity``; and the letters before it are at least ``min_similarity`` as many as the
    phrase's ("ada komentar" lacks the "tidak" of "tidak ada komentar") and at least
    ``head_min_similarity`` alike to them."""
    n = len(last_word)  # the run's last n-2 to n+2 letters: Whisper adds and drops letters ("com nent")
    alike = max(Levenshtein.normalized_similarity(last_token, last_word),
                *(Levenshtein.normalized_similarity(span[-k:], last_word) for k in range(max(1, n - 2), n + 3)))
    head_said, head_wanted = len(span) - len(last_word), len(target) - len(last_word)
    if alike < min_similarity or head_said < min_similarity * head_wanted:
        return False
    return head_min_similarity <= 0 or Levenshtein.normalized_similarity(
        span[:head_said], target[:head_wanted]) >= head_min_similarity


def word_hits(
    tokens: Sequence[Token],
    word: str,
    *,
    min_similarity: float,
    exact_max_letters: int,
    stems: Sequence[str] = (),
    stem_of_word: str = "",
    inside_min_letters: int = 0,
) -> list[int]:
    """Token indexes where ``word`` (a normalised key-message word) was said, allowing mishearing.

    A token matches when its stem equals ``stem_of_word``, or its letters (alone, one of its
    hyphenated parts, or joined with the next token, since Whisper splits and hyphenates words)
    reach ``min_similarity`` against ``word``; a word
    of at most ``exact_max_letters`` letters needs its exact stem. With ``inside_min_letters``, a
    word of at least that many letters also counts when its letters stand whole inside a longer
    token: Whisper writes several words as one ("pelakusahami" for "pelaku usaha mikro").
    """
    target = letters(word)
    hits = []
    for k, t in enumerate(tokens):
        if stems and stem_of_word and stems[k] == stem_of_word:
            hits.append(k)
            continue
        if len(letters(word)) <= exact_max_letters:
            continue
        alone = letters(t.text)
        best = fuzz.ratio(alone, target)
        if "-" in t.text:  # Whisper hyphenates what it could not split: "masuk-satoga-tasana"
            best = max([best, *(fuzz.ratio(letters(part), target) for part in t.text.split("-") if part)])
        if k + 1 < len(tokens) and not t.sentence_end:
            best = max(best, fuzz.ratio(alone + letters(tokens[k + 1].text), target))
        if best >= 100.0 * min_similarity or (0 < inside_min_letters <= len(target) < len(alone)
                                               and target in alone):
            hits.append(k)
    return hits
