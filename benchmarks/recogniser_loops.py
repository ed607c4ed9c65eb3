"""How often Whisper base loops (writes one phrase over and over) in the project's recorded transcripts.

    python benchmarks/recogniser_loops.py            # counts per kind of recording
    python benchmarks/recogniser_loops.py --verbose  # and every loop found, with the words around it

Reads every recorded transcript (nothing is decoded): the generated and real evaluation clips
(``benchmarks/data``; their own language, and forced into the other one: ``*.as_<lang>``), the sample
clips and their Whisper variants under noise and other decodings (``tests/fixtures/transcripts``,
``tests/fixtures/misheard``), and the rendered answers at three recording conditions
(``tests/fixtures/misheard_answers``). A loop is what :func:`coach.lang.loops.loop_spans` finds with the
shipped ``transcription.loop_*`` values; the report warns there and counts nothing in that text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.guidelines import load_guidelines  # noqa: E402
from coach.lang.loops import loop_options, loop_spans  # noqa: E402


def _words(transcript: dict) -> list[str]:
    """The words' texts; words are stored as [text, start, end, p] or as {"text": ...}."""
    return [w["text"] if isinstance(w, dict) else w[0]
            for s in transcript.get("segments", []) for w in s.get("words", [])]


def recorded() -> list[tuple[str, str, list[str]]]:
    """(kind, name, words) of every recorded transcript with words."""
    out = []
    for path in sorted((ROOT / "benchmarks" / "data").rglob("*.transcript.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        wrong = ".as_" in path.name
        out.append(("wrong language" if wrong else "clean", path.name, _words(data.get("transcript", data))))
    for path in sorted((ROOT / "tests" / "fixtures" / "transcripts").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append(("wrong language" if ".as_" in path.name else "clean", path.name, _words(data)))
    for path in sorted((ROOT / "tests" / "fixtures" / "misheard").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((f"sample clip, {data['variant']}", path.name, _words(data)))
    for path in sorted((ROOT / "tests" / "fixtures" / "misheard_answers").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            out.append((f"answer, {item['condition']}", f"{path.stem}:{item['id']}", _words(item)))
    return [(kind, name, words) for kind, name, words in out if words]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true", help="print every loop with the words around it")
    args = ap.parse_args()
    rule = loop_options(load_guidelines())
    total, looped = Counter(), Counter()
    shown = []
    for kind, name, words in recorded():
        spans = loop_spans(words, **rule)
        total[kind] += 1
        looped[kind] += bool(spans)
        shown += [f"  {kind:24} {name}: ...{' '.join(words[max(0, a - 3):b + 2])[:140]}" for a, b in spans]
    print(f"recorded Whisper base transcripts with a recogniser loop ({rule}):")
    for kind in sorted(total):
        print(f"  {kind:24} {looped[kind]:3} of {total[kind]:4} ({looped[kind] / total[kind]:.1%})")
    if args.verbose:
        print("\n".join(shown))


if __name__ == "__main__":
    main()
