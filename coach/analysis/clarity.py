"""Clarity: sentence length, readability, acronyms, jargon, hedges and repeated phrases.

Sentences come from the recogniser's punctuation. Readability is shown only where a documented
measure exists for the language (:mod:`coach.lang.readability`). An acronym not expanded at its first
use is a clarity fault for a public audience (Ombudsman 2018). Word lists are in
``coach/lang/<lang>.toml`` under ``[clarity]``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from ..guidelines import Guidelines
from ..lang.lexicon import Lexicon, Token, find_phrases, load_lexicon, said, tokenise
from ..lang.readability import flesch_reading_ease_en, fry_inputs_id
from ..types import Transcript

__all__ = ["ClarityResult", "analyse_clarity", "find_acronyms"]


@dataclass(frozen=True)
class ClarityResult:
    """How easy the talk is to follow.

    sentence_count, sentence_words_mean, sentence_words_longest : words per sentence
    longest_sentence : the longest sentence as recognised
    readability : {"name", "value", "note"} of the language's documented measure, or None
    unexplained_acronyms : acronyms not expanded at their first use, in order of first use
    expanded_acronyms : acronyms expanded at their first use
    jargon : distinct jargon terms said, in order of first use
    hedges : every hedge said ("mungkin", "I think"), in order
    hedges_per_100_words : ``len(hedges)`` per 100 words
    repeated_phrases : phrases of ``clarity.repeated_phrase_words``+ words said
        ``clarity.repeated_phrase_times``+ times (longest form only)
    score : 0–100, see :func:`analyse_clarity`; None without words
    """

    sentence_count: int
    sentence_words_mean: float
    sentence_words_longest: int
    longest_sentence: str
    readability: dict | None
    unexplained_acronyms: tuple[str, ...]
    expanded_acronyms: tuple[str, ...]
    jargon: tuple[str, ...]
    hedges: tuple[str, ...]
    hedges_per_100_words: float
    repeated_phrases: tuple[str, ...]
    score: float | None


# ----------------------------------------------------------------------------- acronyms

_EDGE_PUNCT = "\"'“”‘’()[]{}.,;:!?…«»"


@lru_cache(maxsize=8)
def _known(lang: str) -> dict[str, str]:
    lex = load_lexicon(lang)
    return {a.lower(): a for a in lex.raw("clarity.known_acronyms")}


def _acronym_of(token: Token, lex: Lexicon) -> str | None:
    """The acronym ``token`` is, in its display spelling, or None."""
    core = token.raw.strip(_EDGE_PUNCT).replace(".", "")
    if token.text in {w.lower() for w in lex.raw("clarity.well_known")}:
        return None
    known = _known(lex.lang)
    if token.text.replace(".", "") in known:
        return known[token.text.replace(".", "")]
    letters = [c for c in core if c.isalpha()]
    # Generic: written in capitals, at least two letters ("IKP", "e-KTP" has "KTP" → caught via its core)
    if len(letters) >= 2 and all(c.isupper() for c in letters) and re.fullmatch(r"[A-Za-z0-9-]+", core):
        return core
    return None


def _initials_match(letters: str, words: Sequence[str], skippable: frozenset[str]) -> bool:
    """Can ``letters`` be spelled by taking, from each word in order, its first letter and then
    optionally more of its letters in order? Function words (``skippable``) may give none.

    "ppid" ← "pejabat pengelola informasi dan dokumentasi"; "diskominfo" ← "dinas komunikasi dan
    informatika"; "bimtek" ← "bimbingan teknis".
    """

    @cache
    def spell(li: int, wi: int) -> bool:
        if wi == len(words):
            return li == len(letters)
        word = words[wi]
        if word in skippable and spell(li, wi + 1):
            return True
        if li >= len(letters) or not word or word[0] != letters[li]:
            return False
        # take letters[li:li+c] from the word: first letter, then a subsequence of the rest
        pos, c = 1, 1
        while True:
            if spell(li + c, wi + 1):
                return True
            if li + c >= len(letters):
                return False
            nxt = word.find(letters[li + c], pos)
            if nxt < 0:
                return False
            pos, c = nxt + 1, c + 1

    return spell(0, 0)


def _is_expanded(tokens: Sequence[Token], i: int, stop: int, acronym: str, lex: Lexicon) -> bool:
    """Is the acronym at tokens ``i`` to ``stop`` (exclusive) spelled out just before or just after it?"""
    letters = "".join(c for c in acronym.lower() if c.isalpha())
    links = set(lex.words("clarity.expansion_links"))
    skippable = frozenset(lex.words("clarity.expansion_skippable"))
    longest = 2 * len(letters) + 2  # each letter a word, with a function word between most of them
    j = i - 1
    while j >= 0 and tokens[j].text in links:
        j -= 1
    for k in range(1, min(longest, j + 1) + 1):
        if _initials_match(letters, tuple(t.text for t in tokens[j - k + 1 : j + 1]), skippable):
            return True
    j = stop
    while j < len(tokens) and tokens[j].text in links:
        j += 1
    for k in range(1, min(longest, len(tokens) - j) + 1):
        if _initials_match(letters, tuple(t.text for t in tokens[j : j + k]), skippable):
            return True
    return False


@lru_cache(maxsize=8)
def _letter_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(spoken name, letter) pairs, longest name first: ("eks", "x"), ("pe", "p"), …"""
    names = load_lexicon(lang).mapping("clarity.letter_names")
    return tuple(sorted(((n, letter) for letter, ns in names.items() for n in ns), key=lambda p: -len(p[0])))


def _spelled(text: str, lang: str) -> set[str]:
    """Every way ``text`` reads as spoken letter names: "pepeide" → {"ppid"}."""
    names = _letter_names(lang)

    @cache
    def read(pos: int) -> frozenset[str]:
        if pos == len(text):
            return frozenset({""})
        out: set[str] = set()
        for name, letter in names:
            if text.startswith(name, pos):
                out.update(letter + rest for rest in read(pos + len(name)))
        return frozenset(out)

    return set(read(0)) if text else set()


# Known acronyms at least this long are also found at the start of a word or of two words run
# together: Indonesian adds suffixes ("Diskominfonya") and Whisper splits words ("di skominforman").
_PREFIX_MIN_LETTERS = 5
_SPELLED_MAX_WORDS = 3  # "eska pede" (SKPD), "pepe ide" (PPID)


def _occurrence(tokens: Sequence[Token], i: int, lex: Lexicon) -> tuple[str, int] | None:
    """The acronym starting at token ``i`` and the index after it, or None."""
    known = _known(lex.lang)
    well_known = {w.lower() for w in lex.raw("clarity.well_known")}
    for k in range(min(_SPELLED_MAX_WORDS, len(tokens) - i), 0, -1):
        span = tokens[i : i + k]
        if any(t.sentence_end for t in span[:-1]):
            continue
        for letters in _spelled("".join(t.text for t in span), lex.lang):
            if len(letters) >= 2 and letters in known and letters not in well_known:
                return known[letters], i + k
    direct = _acronym_of(tokens[i], lex)
    if direct is not None:
        return direct, i + 1
    for k in (2, 1):
        if i + k > len(tokens) or (k == 2 and tokens[i].sentence_end):
            continue
        joined = "".join(t.text for t in tokens[i : i + k])
        for low, display in known.items():
            # two words only when the acronym needs the second one ("di" + "skominforman")
            if (len(low) >= _PREFIX_MIN_LETTERS and low not in well_known and joined.startswith(low)
                    and (k == 1 or len(tokens[i].text) < len(low))):
                return display, i + k
    return None


def find_acronyms(tokens: Sequence[Token], *, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(unexplained, expanded) acronyms, each judged at its first use, in order of first use.

    An acronym is a word in capitals ("IKP"), a word from the language's known list in any case
    ("Bimtek", "ppid"), that list's longer entries at the start of a word or two words run together
    ("di skominforman"), or letter names spelling a known acronym ("pepe ide" = PPID).
    """
    lex = load_lexicon(lang)
    seen: dict[str, bool] = {}
    i = 0
    while i < len(tokens):
        found = _occurrence(tokens, i, lex)
        if found is None:
            i += 1
            continue
        acronym, stop = found
        if acronym.lower() not in {a.lower() for a in seen}:
            seen[acronym] = _is_expanded(tokens, i, stop, acronym, lex)
        i = stop
    return (tuple(a for a, ok in seen.items() if not ok), tuple(a for a, ok in seen.items() if ok))


# ----------------------------------------------------------------------------- phrases


def _repeated_phrases(
    tokens: Sequence[Token], *, min_words: int, min_times: int, stopwords: set[str]
) -> tuple[str, ...]:
    """Phrases of ``min_words``+ words said ``min_times``+ times; a phrase inside a longer one that is
    said as often is left out."""
    counts: Counter[tuple[str, ...]] = Counter()
    max_words = min_words + 7  # longer repeats are reported by their first words
    for i in range(len(tokens)):
        for n in range(min_words, max_words + 1):
            span = tokens[i : i + n]
            if len(span) < n or any(t.sentence_end for t in span[:-1]):
                break
            gram = tuple(t.text for t in span)
            if not all(w in stopwords for w in gram):
                counts[gram] += 1
    frequent = {g: c for g, c in counts.items() if c >= min_times}

    def inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
        return any(long[k : k + len(short)] == short for k in range(len(long) - len(short) + 1))

    kept = [
        g for g, c in frequent.items()
        if not any(len(h) > len(g) and frequent[h] >= c and inside(g, h) for h in frequent)
    ]
    return tuple(" ".join(g) for g in sorted(kept, key=lambda g: (-frequent[g], -len(g), g)))


# ----------------------------------------------------------------------------- score


def _within(value: float, limit: float) -> float:
    """1 up to ``limit``, falling linearly to 0 at twice the limit."""
    if value <= limit:
        return 1.0
    return max(0.0, (2 * limit - value) / limit) if limit > 0 else 0.0


def _readability(
    tokens: Sequence[Token], sentences: list[list[Token]], text: str, lang: str, minimum: float
) -> dict | None:
    if not tokens:
        return None
    if lang == "en":
        return {
            "name": "Flesch reading ease (English)",
            "value": flesch_reading_ease_en(text),
            "note": f"Flesch 1948, counted as textstat counts it (CMU dictionary); {minimum:g} or more is plain English "
            "(0–100, higher is easier).",
        }
    if lang == "id":
        x, y = fry_inputs_id([[t.text for t in s] for s in sentences])
        return {
            "name": "Fry graph X for Indonesian: syllables per 100 words × 0.6",
            "value": x,
            "note": (
                f"Sentences per 100 words (the graph's Y): {y:.1f}. No standard readability formula exists for "
                "Indonesian; teachers read the Fry graph with syllables × 0.6. Lower X (shorter words) and "
                "higher Y (shorter sentences) are easier. Not scored."
            ),
        }
    return None


def analyse_clarity(transcript: Transcript, *, lang: str, guidelines: Guidelines) -> ClarityResult:
    """Measure how easy the talk is to follow.

    Returns
    -------
    ClarityResult
        ``score = 100 × Σ wₖ·partₖ / Σ wₖ`` with weights ``clarity.score_weights`` and parts in 0–1:
        sentence mean and longest: 1 up to ``clarity.sentence_words_mean_max`` /
        ``clarity.sentence_words_longest_max``, falling linearly to 0 at twice that;
        readability (English only; its weight is left out elsewhere): 1 at
        ``clarity.flesch_reading_ease_min`` or above, linearly to 0 at ``clarity.flesch_reading_ease_zero``;
        acronyms: ``1 − unexplained / clarity.acronyms_for_zero``; jargon:
        ``1 − distinct terms / clarity.jargon_terms_for_zero``; hedges: 1 up to
        ``clarity.hedges_per_100_words_max``, linearly to 0 at twice that. Parts are clipped to 0–1.
    """
    lex = load_lexicon(lang)
    tokens = tokenise(transcript)
    sentences: list[list[Token]] = []
    for t in tokens:
        if not sentences or sentences[-1][-1].sentence != t.sentence:
            sentences.append([])
        sentences[-1].append(t)
    lengths = [len(s) for s in sentences]
    longest = max(range(len(sentences)), key=lambda k: lengths[k]) if sentences else None

    unexplained, expanded = find_acronyms(tokens, lang=lang)
    jargon = tuple(dict.fromkeys(said(tokens, m) for m in find_phrases(tokens, lex.phrases("clarity.jargon"))))
    hedges = tuple(said(tokens, m) for m in find_phrases(tokens, lex.phrases("clarity.hedges")))
    hedges_rate = 100.0 * len(hedges) / len(tokens) if tokens else 0.0
    repeated = _repeated_phrases(
        tokens,
        min_words=int(guidelines.value("clarity.repeated_phrase_words", lang)),
        min_times=int(guidelines.value("clarity.repeated_phrase_times", lang)),
        stopwords=set(lex.words("stopwords.words")),
    )
    fre_min = float(guidelines.value("clarity.flesch_reading_ease_min", lang))
    readability = _readability(tokens, sentences, transcript.text, lang, fre_min)

    mean_words = sum(lengths) / len(lengths) if lengths else 0.0
    longest_words = max(lengths) if lengths else 0
    parts = {
        "sentence_mean": _within(mean_words, float(guidelines.value("clarity.sentence_words_mean_max", lang))),
        "sentence_longest": _within(longest_words, float(guidelines.value("clarity.sentence_words_longest_max", lang))),
        "acronyms": 1.0 - len(unexplained) / float(guidelines.value("clarity.acronyms_for_zero", lang)),
        "jargon": 1.0 - len(jargon) / float(guidelines.value("clarity.jargon_terms_for_zero", lang)),
        "hedges": _within(hedges_rate, float(guidelines.value("clarity.hedges_per_100_words_max", lang))),
    }
    if lang == "en" and readability is not None:
        zero = float(guidelines.value("clarity.flesch_reading_ease_zero", lang))
        fre = readability["value"]
        parts["readability"] = 1.0 if fre >= fre_min else (fre - zero) / (fre_min - zero)
    weights = guidelines.value("clarity.score_weights", lang)
    total = sum(float(weights[k]) for k in parts)
    score = (100.0 * sum(float(weights[k]) * min(1.0, max(0.0, v)) for k, v in parts.items()) / total
             if tokens and total > 0 else None)  # no words: clarity is not measured

    return ClarityResult(
        sentence_count=len(sentences),
        sentence_words_mean=mean_words,
        sentence_words_longest=longest_words,
        longest_sentence=" ".join(t.raw for t in sentences[longest]) if longest is not None else "",
        readability=readability,
        unexplained_acronyms=unexplained,
        expanded_acronyms=expanded,
        jargon=jargon,
        hedges=hedges,
        hedges_per_100_words=hedges_rate,
        repeated_phrases=repeated,
        score=score,
    )
