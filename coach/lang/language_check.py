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
``language_check.english_share_min`` (0.997). Its 0.5 cannot be used (it takes most espeak
Indonesian for English, up to 0.9967), but English speech scored 0.9975 or more on dev. Whisper
translates the other way too (real Indonesian speech forced into English came back as English words),
so speech analysed as English is said to sound like Indonesian when that share is at most
``language_check.english_share_max`` (0.05). Not Whisper's own 0.5: English with an Indonesian accent
must not be sent to be analysed as Indonesian, and no such recordings were available to measure, so
Whisper must be 95 % sure.

Speech in a third language (a regional or foreign one, or the wrong file) is translated or spelled by
ear in either. Whisper's language identification tells it: when one language that is neither
supported nor a neighbour (Malay, Javanese, Sundanese: Whisper hears Indonesian as them) takes at
least ``language_check.other_language_min`` of it, the report says the speech is in a language
Wicara does not analyse. The words must agree, at least ``language_check.min_words`` of them
(without words the report's ``no_words`` warning speaks instead). Analysed as Indonesian: fewer than
``language_check.other_language_id_words_max`` Indonesian (forced into Indonesian, Whisper mostly
spells foreign speech by ear, 0–30 % Indonesian words; espeak-ng's Indonesian, which Whisper base
hears as Thai at up to 0.97, still reads 48 % Indonesian or more), unless Whisper is at least
``language_check.other_language_sure`` sure of the other language (a short clip may come back
half-translated into Indonesian words, differently on another CPU). Analysed as English, where
Whisper translates foreign speech into fluent English: not reading like Indonesian (English speech
gave no other language above 0.19; Indonesian heard as Thai is said to sound like Indonesian). This
warning comes first: switching between Indonesian and English would not help.
Thresholds: dev split of ``benchmarks/language_check.py``; test figures in the README.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..guidelines import Guidelines
from ..types import Notice, Transcript
from .cmu import cmu_syllable_table
from .lexicon import stem
from .syllables import normalise_word

__all__ = ["NEIGHBOURS", "OTHER_LANGUAGE", "LanguageCheck", "LanguageId", "check_language", "lexicon_shares"]

OTHER_LANGUAGE = {"id": "en", "en": "id"}
# Whisper's codes of the languages it confuses Indonesian with (Malay above all): never a third language.
NEIGHBOURS = ("ms", "jw", "su")


@dataclass(frozen=True)
class LanguageId:
    """Whisper's language identification on the speech, as the check uses it.

    english_share : English over Indonesian + English (None: not measured)
    other_share : the share of every language that is neither supported nor a :data:`NEIGHBOURS` one
    top_other : Whisper's code of the most probable of those ("" when none)
    top_other_share : that language's share
    """

    english_share: float | None = None
    other_share: float = 0.0
    top_other: str = ""
    top_other_share: float = 0.0

    @classmethod
    def of(cls, probabilities: Mapping[str, float]) -> LanguageId:
        """From Whisper's probability per language code."""
        supported = float(probabilities.get("id", 0.0)) + float(probabilities.get("en", 0.0))
        near = set(OTHER_LANGUAGE) | set(NEIGHBOURS)
        others = {code: float(p) for code, p in probabilities.items() if code not in near}
        total = sum(float(p) for p in probabilities.values())
        top = max(others, key=others.__getitem__) if others else ""
        return cls(english_share=float(probabilities.get("en", 0.0)) / supported if supported > 0 else None,
                   other_share=sum(others.values()) / total if total > 0 else 0.0,
                   top_other=top, top_other_share=others[top] / total if top and total > 0 else 0.0)


def _language_name(code: str) -> str:
    """English name of a Whisper language code ("ja" → "Japanese"); the code itself when unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse({"jw": "jv"}.get(code, code)).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


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
        ``language_check.min_words`` words, or ``english_share`` at least ``language_check.english_share_min``
        (analysed as Indonesian) or at most ``language_check.english_share_max`` (analysed as English)
    top_other, top_other_share : :class:`LanguageId`'s ("", None: not run)
    unsupported : ``top_other_share`` at least ``language_check.other_language_min``, at least
        ``language_check.min_words`` words, and (analysed as Indonesian) their Indonesian share below
        ``language_check.other_language_id_words_max`` or (analysed as English) not sounding like Indonesian;
        or, analysed as Indonesian, ``top_other_share`` at least ``language_check.other_language_sure``
    """

    language: str
    other: str
    words: int
    shares: dict[str, float]
    margin: float
    sounds_like_other: bool
    english_share: float | None = None
    top_other: str = ""
    top_other_share: float | None = None
    unsupported: bool = False

    def notice(self) -> Notice | None:
        """The report warning (code ``unsupported_language``, else ``sounds_like_<other>``), None when the
        language looks right."""
        if self.unsupported:
            return Notice(
                "unsupported_language",
                f"The speech does not sound like Indonesian or English: Whisper hears {_language_name(self.top_other)} "
                f"({self.top_other_share:.0%}). The transcript and the text scores are unreliable; Wicara analyses "
                "speech in Indonesian or English.",
            )
        if not self.sounds_like_other:
            return None
        names = {"id": "Indonesian", "en": "English"}
        heard = ("" if self.english_share is None else f"; Whisper hears English at {self.english_share:.4f}"
                 if self.language == "id" else f"; Whisper hears Indonesian at {1 - self.english_share:.4f}")
        return Notice(
            f"sounds_like_{self.other}",
            f"The speech sounds like {names[self.other]}, but it was analysed as {names[self.language]}: "
            f"{self.shares[self.other]:.0%} of the words are {names[self.other]}, {self.shares[self.language]:.0%} "
            f"{names[self.language]}{heard}. The transcript and scores are unreliable; analyse it again with "
            f"--lang {self.other}.",
        )


def check_language(transcript: Transcript, language: str, guidelines: Guidelines, *,
                   heard: LanguageId | None = None) -> LanguageCheck | None:
    """Measure whether ``transcript`` (analysed in ``language``, "id" or "en") reads like the other
    language, and whether the speech is in neither.

    ``heard``: Whisper's language identification on the speech (:meth:`LanguageId.of` of
    :func:`coach.asr.transcribe.heard_languages`); its English share is used in either language.
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
    english_share = heard.english_share if heard is not None else None
    heard_other = english_share is not None and (
        english_share >= float(guidelines.value("language_check.english_share_min")) if language == "id"
        else english_share <= float(guidelines.value("language_check.english_share_max")))
    # A third language: heard as one, and the words agree (analysed as id: few Indonesian words; analysed
    # as en, where Whisper translates it into fluent English: at least not Indonesian spelled by ear); or,
    # analysed as id, heard as one so surely that no Indonesian voice came near (Whisper may half-translate
    # a short foreign clip into Indonesian words, and does so differently on another CPU).
    words_agree = enough and (shares["id"] < float(guidelines.value("language_check.other_language_id_words_max"))
                              if language == "id" else not flagged)
    surely = language == "id" and heard is not None and heard.top_other_share >= float(
        guidelines.value("language_check.other_language_sure"))
    return LanguageCheck(language=language, other=other, words=len(words),
                         shares={k: round(v, 3) for k, v in shares.items()}, margin=round(margin, 3),
                         sounds_like_other=flagged or heard_other,
                         english_share=None if english_share is None else round(english_share, 4),
                         top_other="" if heard is None else heard.top_other,
                         top_other_share=None if heard is None else round(heard.top_other_share, 4),
                         unsupported=surely or words_agree and heard is not None and heard.top_other_share >= float(
                             guidelines.value("language_check.other_language_min")))
