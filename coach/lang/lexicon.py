"""Per-language word lists (``coach/lang/<lang>.toml``) and the small text helpers the analyses share.

The word lists are data, not code: a trainer can read and extend them. They are loaded once per
language and cached (read-only). Text helpers work on :class:`Token`, one recognised word with its
times and the punctuation that followed it, because fillers, acronyms and phrases all depend on
where commas, pauses and sentence ends fall.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..types import Transcript, Word
from .syllables import is_filled_pause, normalise_word

__all__ = [
    "Lexicon",
    "Match",
    "Token",
    "filler_matches",
    "find_phrases",
    "load_lexicon",
    "said",
    "speaking_span",
    "squeeze",
    "stem",
    "tokenise",
    "tokenise_words",
]

LANG_DIR = Path(__file__).resolve().parent
SUPPORTED = ("id", "en")


# ----------------------------------------------------------------------------- word lists


@dataclass(frozen=True)
class Lexicon:
    """One language's word lists; ``data`` is the parsed TOML file."""

    lang: str
    data: Mapping[str, Any]

    def _get(self, path: str) -> Any:
        node: Any = self.data
        for key in path.split("."):
            if not isinstance(node, Mapping) or key not in node:
                raise ConfigError(f"coach/lang/{self.lang}.toml has no entry '{path}'. Add it to that file.")
            node = node[key]
        return node

    def words(self, path: str) -> tuple[str, ...]:
        """A list entry as lower-case strings, e.g. ``words("clarity.hedges")``."""
        return tuple(str(w).lower() for w in self._get(path))

    def phrases(self, path: str) -> tuple[tuple[str, ...], ...]:
        """A list entry split into words: ``"apa namanya"`` → ``("apa", "namanya")``."""
        return tuple(tuple(p.split()) for p in self.words(path))

    def mapping(self, path: str) -> dict[str, Any]:
        return dict(self._get(path))

    def not_after(self, path: str) -> dict[str, frozenset[str]]:
        """Rules ``[{ fillers = [...], after = [...] }, …]`` as each filler word → the words it is no filler
        after, e.g. ``not_after("fillers.not_after")["anu"]`` holds "si"."""
        out: dict[str, frozenset[str]] = {}
        for rule in self._get(path):
            after = frozenset(str(w).lower() for w in rule["after"])
            for word in (str(w).lower() for w in rule["fillers"]):
                out[word] = out.get(word, frozenset()) | after
        return out

    def text(self, path: str) -> str:
        """A string entry as written, e.g. ``text("fillers.listen_prompt")``."""
        return str(self._get(path))

    def raw(self, path: str) -> tuple[str, ...]:
        """A list entry with its spelling kept (acronyms: "Bimtek")."""
        return tuple(str(w) for w in self._get(path))


@lru_cache(maxsize=len(SUPPORTED))
def load_lexicon(lang: str) -> Lexicon:
    """The word lists for ``lang`` ("id" or "en"), read once per process."""
    if lang not in SUPPORTED:
        raise ConfigError(f"No word lists for language '{lang}'. Wicara supports: {', '.join(SUPPORTED)}.")
    path = LANG_DIR / f"{lang}.toml"
    try:
        with open(path, "rb") as f:
            return Lexicon(lang, tomllib.load(f))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path} is not valid TOML: {e}.") from e


# ----------------------------------------------------------------------------- tokens

_SPLIT = re.compile(r"[/\s]+")
_TRAILING_CLOSERS = "\"'”’»)]}"
_ELLIPSIS = ("...", "…", "..")
_BREAK_CHARS = ",;:—–"
_REPEATS = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class Token:
    """One word as the analyses see it.

    text : lower-case, punctuation stripped ("Warga," → "warga")
    raw : as the recogniser wrote it, without surrounding spaces
    start, end : seconds; a word written "Bapak/Ibu" gives two tokens with the same times
    index : position in the token sequence
    sentence : index of the sentence (sentence ends come from the recogniser's . ? !)
    comma_after : a comma, semicolon, colon, dash or ellipsis follows it (a spoken break)
    sentence_end : a full stop, question or exclamation mark follows it
    """

    text: str
    raw: str
    start: float
    end: float
    index: int
    sentence: int
    comma_after: bool
    sentence_end: bool


def _punctuation_after(raw: str) -> tuple[bool, bool]:
    tail = raw.rstrip(_TRAILING_CLOSERS)
    if tail.endswith(_ELLIPSIS):  # Whisper writes a trailing hesitation as "Emm..."
        return True, False
    if tail.endswith((".", "?", "!")):
        return False, True
    return bool(tail) and tail[-1] in _BREAK_CHARS, False


def tokenise(transcript: Transcript) -> tuple[Token, ...]:
    """The transcript's words as :class:`Token` s, with punctuation-only words folded into their neighbour.

    Sentence ends come from the recogniser's punctuation (. ? !) and from each segment's end as
    well: Whisper ends a segment at a breath or a pause, and it can drop punctuation on unclear
    speech, so one stray full stop must not change how the rest of the talk is split.
    """
    ends = {id(s.words[-1]) for s in transcript.segments if s.words}
    return tokenise_words(transcript.words, segment_ends=ends)


def tokenise_words(words: Sequence[Word], *, segment_ends: set[int] = frozenset()) -> tuple[Token, ...]:
    """Tokens of ``words``; a word whose ``id`` is in ``segment_ends`` also ends a sentence."""
    out: list[Token] = []
    sentence = 0
    for word in words:
        parts = [p for p in _SPLIT.split(word.text.strip()) if p]
        for n, part in enumerate(parts):
            text = normalise_word(part)
            comma, end = _punctuation_after(part)
            end = end or (n == len(parts) - 1 and id(word) in segment_ends)
            if not text:
                # A lone "-", "," or "." from the recogniser marks a break after the previous word.
                dash = part in ("-", "–", "—", "--")
                if out and (comma or end or dash):
                    prev = out[-1]
                    out[-1] = Token(prev.text, prev.raw, prev.start, prev.end, prev.index, prev.sentence,
                                    prev.comma_after or comma or dash, prev.sentence_end or end)
                    if end and not prev.sentence_end:
                        sentence += 1
                continue
            out.append(Token(text, part, word.start, word.end, len(out), sentence, comma, end))
            if end:
                sentence += 1
    return tuple(out)


def squeeze(text: str) -> str:
    """Repeated letters squeezed to one: ``"eeemm"`` → ``"em"`` (how drawn-out fillers are compared)."""
    return _REPEATS.sub(r"\1", text)


# ----------------------------------------------------------------------------- phrases


@dataclass(frozen=True)
class Match:
    """Tokens ``start`` to ``stop`` (exclusive) matched ``phrase`` (the list entry); ``similarity``
    is 1 for an exact match, less for a near one (:mod:`coach.lang.fuzzy`)."""

    start: int
    stop: int
    phrase: str
    similarity: float = 1.0


def _word_matches(pattern: str, text: str, squeezed: bool) -> bool:
    if pattern.endswith("*"):
        return text.startswith(pattern[:-1])
    if squeezed:
        return squeeze(text) == squeeze(pattern)
    return text == pattern


def find_phrases(
    tokens: Sequence[Token],
    phrases: Sequence[Sequence[str]],
    *,
    squeezed: bool = False,
    within_sentence: bool = True,
) -> list[Match]:
    """Non-overlapping matches of ``phrases`` in ``tokens``, scanning left to right, longest phrase first.

    squeezed : compare words with repeated letters squeezed ("eeee" matches "ee")
    within_sentence : a phrase may not run across a sentence end
    """
    ordered = sorted({tuple(p) for p in phrases if p}, key=len, reverse=True)
    # Only phrases whose first word can match the token are tried there: an index by first word (a
    # prefix pattern "word*" is tried everywhere), keeping the longest-first order.
    def first(word: str) -> str:
        return squeeze(word) if squeezed else word

    by_first: dict[str, list[int]] = {}
    anywhere: list[int] = []
    for rank, phrase in enumerate(ordered):
        if phrase[0].endswith("*"):
            anywhere.append(rank)
        else:
            by_first.setdefault(first(phrase[0]), []).append(rank)
    matches: list[Match] = []
    i = 0
    while i < len(tokens):
        ranks = by_first.get(first(tokens[i].text), [])
        if anywhere:
            ranks = sorted([*ranks, *anywhere])
        for phrase in (ordered[r] for r in ranks):
            n = len(phrase)
            span = tokens[i : i + n]
            if len(span) < n:
                continue
            if within_sentence and any(t.sentence_end for t in span[:-1]):
                continue
            if all(_word_matches(p, t.text, squeezed) for p, t in zip(phrase, span, strict=True)):
                matches.append(Match(i, i + n, " ".join(phrase)))
                i += n
                break
        else:
            i += 1
    return matches


def filler_matches(tokens: Sequence[Token], lex: Lexicon) -> list[Match]:
    """Tokens that are always a filler, sorted: a hesitation sound written as a word ("Eee", "Um,", "Hmm…";
    :func:`coach.lang.syllables.is_filled_pause`) except the language's ``fillers.sounds_not_fillers``, and
    the ``fillers.always`` phrases ("anu", "apa namanya").

    A sound matches with ``phrase`` set to its squeezed spelling ("eee" → "e").
    """
    phrases = find_phrases(tokens, lex.phrases("fillers.always"), squeezed=True)
    taken = {k for m in phrases for k in range(m.start, m.stop)}
    not_fillers = {squeeze(w) for w in lex.words("fillers.sounds_not_fillers")}
    sounds = [Match(t.index, t.index + 1, squeeze(t.text)) for t in tokens
              if t.index not in taken and is_filled_pause(t.raw) and squeeze(t.text) not in not_fillers]
    return sorted(phrases + sounds, key=lambda m: m.start)


def said(tokens: Sequence[Token], match: Match) -> str:
    """What was said for ``match``, lower-case without punctuation ("bapak dan ibu")."""
    return " ".join(t.text for t in tokens[match.start : match.stop])


def speaking_span(words: Sequence[Word]) -> tuple[float, float]:
    """First word's start and last word's end, in seconds; (0, 0) with no words."""
    if not words:
        return 0.0, 0.0
    return words[0].start, max(w.end for w in words)


# ----------------------------------------------------------------------------- stemming

_EN_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")


@lru_cache(maxsize=1)
def _sastrawi() -> Any:
    # Building the stemmer loads its dictionary (~0.05 s with PySastrawi): once per process.
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def _stem_en(word: str) -> str:
    """A light suffix stripper: consistent, not linguistic ("registered" and "register" agree)."""
    w = word.removesuffix("'s")
    for suffix in _EN_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not (suffix == "s" and w.endswith("ss")):
            w = w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


@lru_cache(maxsize=50_000)
def stem(word: str, lang: str) -> str:
    """The stem of one normalised word: Sastrawi for Indonesian, a light suffix stripper for English."""
    if not word:
        return word
    if lang == "id":
        return _sastrawi().stem(word) or word
    return _stem_en(word)
