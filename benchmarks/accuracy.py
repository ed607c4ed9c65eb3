"""Accuracy on the sample clips, measured in one run: filler recall and precision, pace error, pauses.

    python benchmarks/accuracy.py

Runs the whole analysis (real bundled model) on every clip in sample_audio/ and compares with the
sidecars: a filler counts as found when a reported filler event overlaps it (any overlap); a
reported filler that overlaps no inserted filler is a false alarm. True pace = sidecar word count
over the speaking span measured from the signal (first to last sound).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.audio import load_audio  # noqa: E402
from coach.config import load_settings  # noqa: E402
from coach.report import analyse  # noqa: E402
from coach.signal import activity_mask, frame_levels_db, mask_to_spans  # noqa: E402


def _overlaps(a_start: float, a_end: float, b_start: float, b_end: float) -> bool:
    return min(a_end, b_end) > max(a_start, b_start)


def main() -> None:
    settings = load_settings()
    totals = {"inserted": 0, "found": 0, "reported": 0, "false": 0, "pauses": 0, "pauses_found": 0}
    print(f"{'clip':<22}{'lang':>5}{'true wpm':>10}{'wpm':>8}{'error':>8}{'fillers':>9}{'found':>7}"
          f"{'false':>7}{'pauses':>8}{'found':>7}")
    for sidecar in sorted((ROOT / "sample_audio").glob("*.json")):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        audio = load_audio(sidecar.with_suffix(".wav"))
        report = analyse(audio, settings=settings, lang=meta["language"])
        _, level_db = frame_levels_db(audio.samples, sr=audio.sr)
        spans = mask_to_spans(activity_mask(level_db), hop_s=0.01)
        true_wpm = meta["word_count"] / (spans[-1][1] - spans[0][0]) * 60.0
        wpm = report.pace.words_per_minute
        inserted = [f for f in meta["fillers"]]
        events = report.fillers.events
        found = sum(any(_overlaps(f["start"], f["end"], e.start, e.end) for e in events) for f in inserted)
        false = sum(not any(_overlaps(f["start"], f["end"], e.start, e.end) for f in inserted) for e in events)
        pauses_found = sum(any(abs(p["start"] - q.start) <= 0.15 and abs(p["end"] - q.end) <= 0.15
                               for q in report.pauses.events) for p in meta["pauses"])
        totals["inserted"] += len(inserted)
        totals["found"] += found
        totals["reported"] += len(events)
        totals["false"] += false
        totals["pauses"] += len(meta["pauses"])
        totals["pauses_found"] += pauses_found
        print(f"{sidecar.stem:<22}{meta['language']:>5}{true_wpm:>10.1f}{wpm:>8.1f}"
              f"{abs(wpm - true_wpm) / true_wpm:>8.1%}{len(inserted):>9}{found:>7}{false:>7}"
              f"{len(meta['pauses']):>8}{pauses_found:>7}")
    recall = totals["found"] / totals["inserted"] if totals["inserted"] else float("nan")
    precision = 1 - totals["false"] / totals["reported"] if totals["reported"] else float("nan")
    print(f"fillers (acoustic and lexical): recall {totals['found']}/{totals['inserted']} = {recall:.2f}, "
          f"precision {totals['reported'] - totals['false']}/{totals['reported']} = {precision:.2f}")
    print(f"inserted pauses found within 0.15 s: {totals['pauses_found']}/{totals['pauses']}")


if __name__ == "__main__":
    main()
