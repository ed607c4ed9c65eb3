"""Filled pauses, pace and WER when the test clips are recorded in a room, through Opus, on a phone or
through a browser's voice processing.

    python benchmarks/conditions.py                            # clean, room, opus, phone and browser
    python benchmarks/conditions.py --conditions clean,room --fluent 12

Every filler clip of the generated test split (the short-filler clips apart) and of the real test split
(``--split dev``: of the dev splits, which the detector may be trained and tuned on),
and the first ``--fluent`` fluent clips of each generated test language (drawn-out words apart) plus every
real fluent test clip, are measured as recorded ("clean": their cached transcripts) and again degraded
by :mod:`degrade` (a room's reverberation, Opus at 32 kbit/s, the telephone band, WebRTC's noise
suppression and automatic gain as a browser runs them on its microphone). The degraded copies
and their Whisper transcripts and second listens are written once under ``benchmarks/out/conditions/``
(not committed: Whisper runs live on this CPU, about 10 minutes a condition on 2 cores). Each clip runs
through the whole analysis as in ``benchmarks/accuracy.py``, whose measures this script reuses: event
precision, recall and F1 over the filler clips, false alarms per minute on the fluent ones, inserted
pauses found, wpm and syllable-rate error and WER. Nothing is trained or chosen on these conditions: they say how far the
clean figures carry.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from accuracy import _fmt, clips_of, measure, summarise  # noqa: E402
from degrade import CONDITIONS, degraded_copy  # noqa: E402
from filler_eval import Clip  # noqa: E402

from coach.config import load_settings  # noqa: E402
from coach.errors import NotSpeechError  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "conditions"


def selection(n_fluent: int, split: str = "test") -> list[Clip]:
    chosen: list[Clip] = []
    for lang in ("en", "id"):
        gen = [c for c in clips_of(f"generated-{split}") if c.language == lang]
        chosen += [c for c in gen if c.kind == "fillers" and not c.meta.get("short")]
        chosen += [c for c in gen if c.kind == "fluent" and not c.meta.get("drawl")][:n_fluent]
    return chosen + clips_of(f"real-{split}")


def in_condition(clip: Clip, condition: str) -> Clip:
    if condition == "clean":
        return clip
    return Clip(clip.name, clip.set, clip.language, clip.kind, degraded_copy(clip.audio, condition, OUT), clip.meta)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--conditions", default=",".join(("clean",) + CONDITIONS),
                    help=f"comma-separated, from clean, {', '.join(CONDITIONS)}")
    ap.add_argument("--fluent", type=int, default=24, help="fluent generated clips per language")
    ap.add_argument("--split", choices=("test", "dev"), default="test",
                    help="dev: the clips the detector may be trained and tuned on")
    ap.add_argument("--json", type=Path, default=OUT / "conditions.json")
    args = ap.parse_args()
    settings = load_settings()
    clips = [c for c in selection(args.fluent, args.split) if c.audio.exists()]
    t0 = time.perf_counter()
    summary: dict[str, dict] = {}
    for condition in args.conditions.split(","):
        groups: dict[str, list[dict]] = {}
        refused = []
        for clip in clips:
            try:
                row = measure(in_condition(clip, condition), settings, cached_only=condition == "clean")
            except NotSpeechError:
                refused.append(clip.name)
                continue
            if row is not None:
                groups.setdefault(f"{clip.set.split('-')[0]}/{clip.language}", []).append(row)
        for key, rows in groups.items():
            summary[f"{condition} {key}"] = {**summarise(rows), "refused": refused}
        print(f"{condition}: {sum(map(len, groups.values()))} clips measured, {len(refused)} refused as not speech"
              f" ({time.perf_counter() - t0:.0f} s)", flush=True)
    print(f"\n{'condition':<10}{'set':<14}{'fillers':>8}{'P':>6}{'R':>6}{'F1':>6}{'FA/min':>8}{'fluent min':>11}"
          f"{'dropped found':>14}{'pauses':>10}{'wpm err':>9}{'syl err':>9}{'WER':>6}")
    for key, s in summary.items():
        condition, group = key.split(" ")
        print(f"{condition:<10}{group:<14}{s['fillers']:>8}{_fmt(s['precision']):>6}{_fmt(s['recall']):>6}"
              f"{_fmt(s['f1']):>6}{_fmt(s['false_per_min_fluent']):>8}{s['fluent_minutes']:>11.1f}"
              f"{s['dropped_found']:>8}/{s['whisper_dropped']:<5}{s['pauses_found']:>6}/{s['pauses']:<3}"
              f"{_fmt(s['wpm_error'], '.1%'):>9}{_fmt(s['sps_error'], '.1%'):>9}{_fmt(s['wer']):>6}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, indent=1, default=float) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
