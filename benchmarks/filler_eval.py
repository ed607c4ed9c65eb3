"""Shared pieces of the filled-pause evaluation: the clips of each set and event matching.

An event matches a true filler when the two overlap in time (any overlap, as in the issue's
definition). Recall counts true fillers with at least one matching event; precision counts events
that match at least one true filler.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"


@dataclass(frozen=True)
class Clip:
    name: str
    set: str  # "generated-dev", "generated-test", "real", "real-dev", "real-test", "samples"
    language: str
    kind: str  # "fillers" or "fluent"
    audio: Path
    meta: dict

    @property
    def fillers(self) -> list[dict]:
        return self.meta.get("fillers", [])


def generated(split: str | None = None, *, folder: str = "generated", prefix: str = "generated") -> list[Clip]:
    """Clips of a generated set: ``benchmarks/data/generated`` (``scripts/make_filler_set.py``) or, with
    ``folder="generated_formant", prefix="formant"``, the same test clips with source-filter fillers
    (``scripts/formant_fillers.py``, a held-out check never trained on), or with ``folder="generated_inline",
    prefix="inline"``, clips whose fillers are espeak-ng saying the words (``scripts/inline_fillers.py``)."""
    manifest = DATA / folder / "manifest.json"
    if not manifest.exists():
        return []
    out = []
    for c in json.loads(manifest.read_text(encoding="utf-8"))["clips"]:
        if split is None or c["split"] == split:
            out.append(Clip(c["name"], f"{prefix}-{c['split']}", c["language"], c["kind"],
                            DATA / folder / c["audio"], c))
    return out


def real(split: str | None = None) -> list[Clip]:
    """The real clips (benchmarks/data/real), all or one split ("dev": training and thresholds,
    "test": report only; assigned per clip in each sidecar)."""
    out = []
    for side in sorted((DATA / "real").glob("*.json")):
        if side.name.endswith(".transcript.json"):
            continue
        m = json.loads(side.read_text(encoding="utf-8"))
        if split is None or m["split"] == split:
            out.append(Clip(side.stem, "real" if split is None else f"real-{split}", m["language"], m["kind"],
                            side.with_name(m["audio"]), m))
    return out


def real_and_fluent(split: str, n_fluent: int = 20) -> list[Clip]:
    """The real clips of ``split`` and its first ``n_fluent`` generated fluent clips per language (drawn-out
    words apart): speech of every kind, for the checks that need no filler times."""
    fluent = [c for c in generated(split) if c.kind == "fluent" and not c.meta.get("drawl")]
    return real(split) + [c for lang in ("en", "id") for c in [c for c in fluent if c.language == lang][:n_fluent]]


def samples() -> list[Clip]:
    """The project's own sample clips (sample_audio/): acoustic fillers only count as fillers."""
    out = []
    for side in sorted((ROOT / "sample_audio").glob("*.json")):
        m = json.loads(side.read_text(encoding="utf-8"))
        m = {**m, "fillers": [f for f in m.get("fillers", []) if f.get("kind") == "acoustic"]}
        out.append(Clip(side.stem, "samples", m["language"], "fillers" if m["fillers"] else "fluent",
                        side.with_suffix(".wav"), m))
    return out


def hesitation_test(lang: str):
    """Whether a written word is a hesitation: a filled-pause sound however spelt ("um", "Eee,") or one of the
    language's ``fillers.always`` words ("anu", "anuh"), as a predicate on the word as written."""
    from coach.lang.lexicon import load_lexicon
    from coach.lang.syllables import is_filled_pause, normalise_word

    always = set(load_lexicon(lang).words("fillers.always"))
    return lambda text: is_filled_pause(text) or normalise_word(text) in always


def reference_words(text: str) -> list[str]:
    """Lower-case words without punctuation or filled-pause sounds: what word error is counted on."""
    import re

    from coach.lang.syllables import is_filled_pause

    return [w for w in re.sub(r"[^\w\s'-]", " ", text.lower()).split() if not is_filled_pause(w)]


def written_in(start: float, end: float, w_start: float, w_end: float) -> bool:
    """Whether a word written at ``w_start``-``w_end`` lies on the filler ``start``-``end``: it overlaps it, or it
    has no length (Whisper gives some words none) and lies inside it."""
    return overlaps(start, end, w_start, w_end) or start <= w_start == w_end <= end


# Whisper's word times drift around silences and hesitations by up to ~0.3 s (DESIGN.md): a filler
# word written that close to a true filler, and closer to it than to any other, is that filler written down.
WRITTEN_DRIFT_S = 0.3


def written_fillers(truth: list[tuple[float, float]], words: list[tuple[float, float]], *,
                    drift_s: float = WRITTEN_DRIFT_S) -> list[bool]:
    """For each true filler (start, end), whether Whisper wrote it: a written filler word (start, end) of
    ``words`` lies on it (:func:`written_in`) or within ``drift_s`` of it. Each written word stands for one
    true filler at most; the closest pairs are matched first (on a tie, the earlier filler)."""
    def distance(f: tuple[float, float], w: tuple[float, float]) -> float:
        return 0.0 if written_in(*f, *w) else max(w[0] - f[1], f[0] - w[1], 0.0)

    pairs = sorted((distance(f, w), i, j) for i, f in enumerate(truth) for j, w in enumerate(words))
    wrote, used = [False] * len(truth), set()
    for d, i, j in pairs:
        if d <= drift_s and not wrote[i] and j not in used:
            wrote[i] = True
            used.add(j)
    return wrote


def overlaps(a_start: float, a_end: float, b_start: float, b_end: float) -> bool:
    return min(a_end, b_end) > max(a_start, b_start)


def match(events: list[tuple[float, float]], truth: list[tuple[float, float]]) -> tuple[set[int], list[int]]:
    """(indexes of true fillers hit by an event, indexes of events that hit none)."""
    hit = {i for i, (s, e) in enumerate(truth) if any(overlaps(s, e, a, b) for a, b in events)}
    false = [k for k, (a, b) in enumerate(events) if not any(overlaps(s, e, a, b) for s, e in truth)]
    return hit, false


def prf(tp_truth: int, n_truth: int, n_events: int, n_false: int) -> tuple[float, float, float]:
    """(precision, recall, F1); NaN where undefined."""
    nan = float("nan")
    p = (n_events - n_false) / n_events if n_events else nan
    r = tp_truth / n_truth if n_truth else nan
    f = 2 * p * r / (p + r) if n_events and n_truth and (p + r) > 0 else (0.0 if n_truth else nan)
    return p, r, f
