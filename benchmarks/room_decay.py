"""The room's decay time read from the signal, on clips as recorded and in rooms of known RT60.

    python benchmarks/room_decay.py --split dev     # what audio.reverberant_decay_s was chosen on
    python benchmarks/room_decay.py --split test    # reported

The real clips of the split and its first 20 generated fluent clips per language (drawn-out words apart),
as recorded and convolved with rooms of RT60 0.3, 0.5 and 0.8 s (``benchmarks/degrade.py``). For each:
the decay time :func:`coach.features.room.decay_time_s` reads (None: fewer than 3 falls of 20 dB to time),
and how many reach ``audio.reverberant_decay_s``, the report's "the room echoes" notice.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import degrade  # noqa: E402
from filler_eval import real_and_fluent  # noqa: E402

from coach.audio import decode  # noqa: E402
from coach.features.room import decay_time_s  # noqa: E402
from coach.features.signal import frame_levels_db  # noqa: E402
from coach.guidelines import load_guidelines  # noqa: E402

RT60S = (None, 0.3, 0.5, 0.8)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    args = ap.parse_args()
    bar = float(load_guidelines().value("audio.reverberant_decay_s"))
    clips = [c for c in real_and_fluent(args.split) if c.audio.exists()]
    print(f"{len(clips)} clips of the {args.split} split; notice at a decay of {bar} s or more\n")
    print(f"{'room':<16}{'measured':>9}{'median s':>10}{'min':>7}{'max':>7}{'notice':>12}")
    for rt60 in RT60S:
        found = []
        for clip in clips:
            x = decode(clip.audio)
            if rt60 is not None:
                x = degrade.room(x.astype(np.float64), clip.name, rt60_s=rt60)
            found.append(decay_time_s(frame_levels_db(np.asarray(x, dtype=np.float32), sr=16000)[1]))
        v = np.array([d for d in found if d is not None])
        name = "as recorded" if rt60 is None else f"RT60 {rt60} s"
        print(f"{name:<16}{v.size:>5}/{len(found):<3}{np.median(v):>10.2f}{v.min():>7.2f}{v.max():>7.2f}"
              f"{int((v >= bar).sum()):>6} of {v.size}", flush=True)


if __name__ == "__main__":
    main()
