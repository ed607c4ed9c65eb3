"""How often one analysis measures the signal's frames, and whether two checkouts' reports agree.

    python benchmarks/frame_measures.py [--repo CHECKOUT] [--out reports.json]
    python benchmarks/frame_measures.py --compare before.json after.json

``--repo`` analyses with another checkout's ``coach`` and test fixtures (e.g. a ``git worktree`` of an
older commit), so a change can be shown not to change any report.

Analyses every sample clip that has a recorded transcript (``tests/fixtures/transcripts``, answered
by the tests' RecordedTranscriber, so no model runs) and prints, per analysis, how many times the
spectral flatness and an activity mask were computed (counted at :mod:`coach.features.signal`, so the
script runs unchanged on older checkouts) and the CPU seconds of all analyses. ``--out`` writes every
report's JSON; ``--compare`` says whether two such files hold the same reports (clip by clip).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_MODULES = ("coach.audio", "coach.asr.transcribe", "coach.analysis.pauses", "coach.analysis.prosody",
            "coach.analysis.syllable_nuclei", "coach.analysis.filler_features", "coach.features.frames")


def _count(calls: Counter) -> None:
    """Count the calls of spectral_flatness and activity_mask wherever the analysis modules import them."""
    import coach.features.signal as signal

    for name in ("spectral_flatness", "activity_mask"):
        original = getattr(signal, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        for module_name in _MODULES:
            try:
                module = importlib.import_module(module_name)
            except ImportError:  # an older checkout without it
                continue
            if hasattr(module, name):
                setattr(module, name, counted)


def run(out: Path | None) -> None:
    from conftest import FIXTURES, SAMPLES, RecordedTranscriber

    from coach.config import load_settings
    from coach.report.pipeline import analyse

    engine, settings, calls = RecordedTranscriber(), load_settings(), Counter()
    _count(calls)
    reports = {}
    started = time.process_time()
    for meta in sorted(SAMPLES.glob("*.json")):
        if not (FIXTURES / meta.name).exists():
            continue
        lang = json.loads(meta.read_text(encoding="utf-8")).get("language", "id")
        reports[meta.stem] = analyse(meta.with_suffix(".wav").read_bytes(), settings=settings, transcriber=engine,
                                     lang=lang).to_dict()
    cpu_s, n = time.process_time() - started, len(reports)
    print(f"{n} clips; per analysis: spectral flatness computed {calls['spectral_flatness'] / n:.2f}×, "
          f"activity mask {calls['activity_mask'] / n:.2f}×; CPU {cpu_s:.1f} s for all")
    if out is not None:
        out.write_text(json.dumps(reports, sort_keys=True), encoding="utf-8")


def compare(a: Path, b: Path) -> None:
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    differ = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    same = len(first.keys() & second.keys()) - len([k for k in differ if k in first and k in second])
    print(f"{same} of {len(first.keys() | second.keys())} reports identical" + (f"; differ: {differ}" if differ else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout whose coach runs (default: this one)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = parser.parse_args()
    sys.path[:0] = [str(args.repo.resolve()), str(args.repo.resolve() / "tests")]
    if args.compare:
        compare(*args.compare)
    else:
        run(args.out)


if __name__ == "__main__":
    main()
