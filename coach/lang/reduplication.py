"""Indonesian reduplication (kata ulang): a word said twice that is grammar, not a disfluency.

Reduplication marks plurals and manner ("anak-anak", "masing-masing", "pelan-pelan") and combines
with affixes ("bermacam-macam", "sebaik-baiknya", "sehari-hari", "kemerah-merahan"). Whisper often
writes it without the hyphen ("rata rata") or with a detached one ("masing -masing", "masing- masing").
Closed-class words (pronouns, prepositions, conjunctions, auxiliaries: ``fillers.not_reduplicated``
in ``coach/lang/id.toml``) do not reduplicate, so "saya saya" and "yang yang" stay repetitions.
Sources: Sneddon et al., *Indonesian: A Comprehensive Grammar* (2nd ed., 2010), §2.110–2.128 on
reduplication; KBBI entries for the affixed forms.
"""

from __future__ import annotations

from .lexicon import load_lexicon

__all__ = ["is_reduplication"]

# Prefixes and suffixes that combine with a reduplicated root (Sneddon et al. 2010, §2.118–2.125).
_PREFIXES = ("memper", "diper", "menge", "meng", "meny", "mem", "men", "me", "ber", "be", "ter", "se",
             "di", "ke", "peng", "pem", "pen", "per", "pe")
_SUFFIXES = ("nya", "kan", "an", "i", "lah", "kah", "mu", "ku")
_MIN_ROOT = 3


def _roots(word: str, affixes: tuple[str, ...], *, prefix: bool) -> set[str]:
    """``word`` and what is left after taking off one of ``affixes`` (a root of at least 3 letters)."""
    out = {word}
    for a in affixes:
        if prefix and word.startswith(a) and len(word) - len(a) >= _MIN_ROOT:
            out.add(word[len(a):])
        elif not prefix and word.endswith(a) and len(word) - len(a) >= _MIN_ROOT:
            out.add(word[: -len(a)])
    return out


def is_reduplication(first: str, second: str, *, lang: str, hyphen: bool = False) -> bool:
    """Whether two consecutive words form one reduplicated word.

    Parameters
    ----------
    first, second : the two words, normalised (lower case, no punctuation)
    lang : "id" or "en"; English has no productive reduplication, so only "id" returns True
    hyphen : the recogniser wrote a hyphen between them ("masing -masing", "masing- masing")

    Returns
    -------
    bool
        True for a full reduplication of an open-class word ("rata rata"), an affixed one
        ("bermacam macam", "sebaik baiknya", "sehari hari", "anak anaknya"), or any pair the
        recogniser joined with a hyphen whose roots match. Closed-class words said twice without a
        hyphen ("saya saya") are not reduplication.
    """
    if lang != "id" or not first or not second:
        return False
    if first == second:
        if hyphen:
            return True
        closed = set(load_lexicon(lang).words("fillers.not_reduplicated"))
        return first not in closed
    left = _roots(first, _PREFIXES, prefix=True)
    right = _roots(second, _SUFFIXES, prefix=False)
    return bool(left & right)
