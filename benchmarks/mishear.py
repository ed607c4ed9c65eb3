"""Systematic character-level mishearings, modelled on what Whisper base did to Indonesian speech.

Seen in held-out answers (issue 12) and in ``tests/fixtures/misheard/``:
"tidak ada komentar" → "di nakada komentar" / "Dina kana komentar" (initial syllable lost, words
re-split); "hukum" → "pukum", "bantuan" → "mantuan" (stop and nasal swaps); "perizinan" →
"perilinan", "pelaku" → "peraku" (liquids l/r/n/z swapped); "gratis" → "rati" (initial consonant
dropped); "untuk" → "sumtuk" (consonant inserted); "layanan" → "lianan" (vowels merged);
"pelaku usaha" → "perakusaha" (words joined); "sekolah" → "sakolah" (vowel changed).

:func:`mishear` applies such operations at random to words of a text, at a chosen rate.
"""

from __future__ import annotations

import random
import re

__all__ = ["mishear"]

_GROUPS = ("pbhkgtd", "lrnzjy", "mn", "scz", "fpv", "wbm")
_VOWELS = "aeiou"
_VOWEL_SWAP = {"a": "ea", "e": "aie", "i": "ea", "o": "ua", "u": "oa"}


def _swap_consonant(word: str, rng: random.Random) -> str:
    spots = [k for k, c in enumerate(word) if any(c in g for g in _GROUPS)]
    if not spots:
        return word
    k = rng.choice(spots)
    group = next(g for g in _GROUPS if word[k] in g)
    return word[:k] + rng.choice([c for c in group if c != word[k]] or [word[k]]) + word[k + 1:]


def _swap_vowel(word: str, rng: random.Random) -> str:
    spots = [k for k, c in enumerate(word) if c in _VOWELS]
    if not spots:
        return word
    k = rng.choice(spots)
    return word[:k] + rng.choice(_VOWEL_SWAP[word[k]]) + word[k + 1:]


def _drop(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    k = 0 if rng.random() < 0.5 and word[0] not in _VOWELS else rng.randrange(len(word))
    return word[:k] + word[k + 1:]


def _insert(word: str, rng: random.Random) -> str:
    k = rng.randrange(len(word) + 1)
    return word[:k] + rng.choice("mnhkst") + word[k:]


_OPS = (_swap_consonant, _swap_vowel, _drop, _insert)
_OP_WEIGHTS = (0.4, 0.25, 0.2, 0.15)


def mishear(text: str, *, rate: float, seed: int) -> str:
    """``text`` with about ``rate`` of its words misheard (letters swapped, dropped or inserted),
    some words joined to the next or split in two, and commas lost or added. Sentence ends stay:
    Whisper ends a segment there even when it drops the full stop, and segment ends are sentence
    breaks for the analysis."""
    rng = random.Random(seed)
    out: list[str] = []
    for raw in text.split():
        m = re.match(r"^(\W*)(.*?)(\W*)$", raw)
        pre, word, post = m.groups() if m else ("", raw, "")
        lower = word.lower()
        if word and rng.random() < rate:
            for _ in range(1 + (rng.random() < 0.4)):
                op = rng.choices(_OPS, _OP_WEIGHTS)[0]
                lower = op(lower, rng)
            if rng.random() < 0.15 and len(lower) > 5:  # split in two
                k = rng.randrange(2, len(lower) - 2)
                lower = lower[:k] + " " + lower[k:]
        if post and post[-1] not in ".?!" and rng.random() < 0.25 * rate:  # a comma lost or added
            post = rng.choice(["", ","])
        elif not post and rng.random() < 0.05 * rate:
            post = ","
        word = lower.capitalize() if word[:1].isupper() else lower
        piece = pre + word + post
        if out and out[-1][-1:].isalpha() and piece[:1].isalpha() and rng.random() < 0.15 * rate:
            out[-1] = out[-1] + piece.lower()  # joined to the previous word ("perakusaha")
        elif out and out[-1][-1:].isalpha() and len(out[-1]) > 3 and piece[:1].isalpha() and rng.random() < 0.2 * rate:
            out[-1], piece = out[-1][:-1], out[-1][-1].lower() + piece.lower()  # boundary moved ("tida kada")
            out.append(piece)
        else:
            out.append(piece)
    return " ".join(out)
