"""Does the transcript read like the other supported language? Speech analysed in the wrong language.

Forced into the wrong language, Whisper mostly keeps writing the language it hears: English speech
analysed as Indonesian comes back as English words ("The library is open from 9 in the morning"),
Indonesian speech analysed as English as Indonesian words spelled by ear ("Salamat pagi, waga kota
malang"). So the check reads the words: the share found in each language's lexicon (English: the
CMU Pronouncing Dictionary, 134 k words; Indonesian: PySastrawi's 29 k root words, a word counting
when it or its Sastrawi stem is one). When the other language's share exceeds the chosen one's by
``language_check.margin`` (per chosen language: CMU holds many names and short words that
Indonesian words collide with, so the English side needs a wider margin), the report warns and the
app offers to analyse the recording again in the other language.

Sometimes Whisper *translates* instead (English speech written as fluent Indonesian), and the words
read like the chosen language. For speech analysed as Indonesian a second cue catches that:
Whisper's language identification on the speech, when its English share is at least
``language_check.english_share_min`` (0.992). Its 0.5 cannot be used (it takes most espeak
Indonesian for English, up to 0.9865), but English speech scored 0.9975 or more on dev. It is not used the other way
(English analysed as English with an Indonesian accent would be flagged on a guess; no such
recordings to measure). Thresholds: dev split of ``benchmarks/language_check.py``; test figures in
the README.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..guidelines import Guidelines
from ..types import Notice, Transcript
from .cmu import cmu_syllable_table
from .lexicon import stem
from .syllables import normalise_word

__all__ = ["OTHER_LANGUAGE", "LanguageCheck", "check_language", "lexicon_shares"]

OTHER_LANGUAGE = {"id": "en", "en": "id"}


@lru_cache(maxsize=1)
def _indonesian_roots() -> frozenset[str]:
    """PySastrawi's dictionary of Indonesian root words (``kata-dasar.txt``, MIT licence)."""
    from importlib.resources import files

    text = files("Sastrawi").joinpath("Stemmer", "data", "kata-dasar.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.split() if w.strip())


def _words(transcript: Transcript) -> list[str]:
    """The transcript's words, normalised; numerals left out (they belong to neither lexicon)."""
    out = [normalise_word(w.text) for w in transcript.words]
    return [w for w in out if w and not any(ch.isdigit() for ch in w)]


def lexicon_shares(words: list[str]) -> dict[str, float]:
    """Share of ``words`` found in each language's lexicon: {"id": …, "en": …}, 0–1 (0 without words)."""
    if not words:
        return {"id": 0.0, "en": 0.0}
    roots, cmu = _indonesian_roots(), cmu_syllable_table()
    indonesian = sum(1 for w in words if w in roots or stem(w, "id") in roots)
    english = sum(1 for w in words if w in cmu)
    return {"id": indonesian / len(words), "en": english / len(words)}


@dataclass(frozen=True)
class LanguageCheck:
    """What the check measured.

    language : the language the speech was analysed in; other : the other supported one
    words : words judged; shares : :func:`lexicon_shares`; margin : shares[other] − shares[language]
    english_share : Whisper's language identification, English over id + en, on the speech (None: not run)
    sounds_like_other : margin at or above ``language_check.margin`` with at least
        ``language_check.min_words`` words, or (analysed as Indonesian) ``english_share`` at least
        ``language_check.english_share_min``
    """

    language: str
    other: str
    words: int
    shares: dict[str, float]
    margin: float
    sounds_like_other: bool
    english_share: float | None = None

    def notice(self) -> Notice | None:
        """The report warning (code ``sounds_like_<other>``), None when the language looks right."""
        if not self.sounds_like_other:
            return None
        names = {"id": "Indonesian", "en": "English"}
        heard = "" if self.english_share is None else f"; Whisper hears English at {self.english_share:.4f}"
        return Notice(
            f"sounds_like_{self.other}",
            f"The speech sounds like {names[self.other]}, but it was analysed as {names[self.language]}: "
            f"{self.shares[self.other]:.0%} of the words are {names[self.other]}, {self.shares[self.language]:.0%} "
            f"{names[self.language]}{heard}. The transcript and scores are unreliable; analyse it again with "
            f"--lang {self.other}.",
        )


def check_language(transcript: Transcript, language: str, guidelines: Guidelines, *,
                   english_share: float | None = None) -> LanguageCheck | None:
    """Measure whether ``transcript`` (analysed in ``language``, "id" or "en") reads like the other language.

    ``english_share``: Whisper's English probability over id + en on the speech
    (:func:`coach.asr.transcribe.english_share`), used for speech analysed as Indonesian.
    None for a language without another supported one to compare with.
    """
    if language not in OTHER_LANGUAGE:
        return None
    other = OTHER_LANGUAGE[language]
    words = _words(transcript)
    shares = lexicon_shares(words)
    margin = shares[other] - shares[language]
    enough = len(words) >= int(guidelines.value("language_check.min_words"))
    flagged = enough and margin >= float(guidelines.value("language_check.margin", language))
    heard_english = (language == "id" and english_share is not None
                     and english_share >= float(guidelines.value("language_check.english_share_min")))
    return LanguageCheck(language=language, other=other, words=len(words),
                         shares={k: round(v, 3) for k, v in shares.items()}, margin=round(margin, 3),
                         sounds_like_other=flagged or heard_english,
                         english_share=None if english_share is None else round(english_share, 4))
