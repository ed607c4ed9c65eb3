"""Mains hum: the signal measures of the generated clips with a hum added, with and without taking it out.

    python scripts/make_filler_set.py         # the generated audio (once)
    python benchmarks/hum.py --split dev      # the clips audio.hum_below_loud_db was chosen on
    python benchmarks/hum.py                  # test split (report)

Every third clean generated clip of the split (no noise added; ``--every``) gets a mains hum, 50 Hz and 60 Hz, fundamental
and 3rd and 5th harmonics at 0, −6 and −12 dB (a fixed phase per clip), at several levels under the
clip's loud level (its 99th-percentile 30 ms frame). The signal measures are taken on the clean clip,
on the copy with the hum as it is ("kept"), and on the copy as Wicara reads it (``coach.audio.load_audio``:
the hum taken out when :func:`coach.features.hum.without_hum` finds it within ``audio.hum_below_loud_db``
of the loud level): pauses (:func:`coach.analysis.pauses.find_silences` with the guidelines' rule),
syllable nuclei per second of the signal, and the pitch's median and spread (:func:`coach.analysis.prosody
.analyse_prosody`). A copy "moved" when its pauses differ in number from the clean clip's, its syllable
rate by more than 5 %, its pitch median by more than 5 % or its spread by more than 0.5 semitone.
Printed per hum level: copies moved (kept / Wicara), copies whose hum Wicara took out, and the clean clips
in which Wicara found a hum (should be none).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.analysis.pauses import find_silences  # noqa: E402
from coach.analysis.prosody import analyse_prosody, pitch_track  # noqa: E402
from coach.analysis.syllable_nuclei import find_syllable_nuclei, nuclei_options  # noqa: E402
from coach.audio import load_audio  # noqa: E402
from coach.features.signal import noise_rule  # noqa: E402
from coach.guidelines import load_guidelines  # noqa: E402

GENERATED = ROOT / "benchmarks" / "data" / "generated"
BELOW_LOUD_DB = (20, 25, 30, 35, 40, 50)
MAINS_HZ = (50, 60)
SR = 16_000


def measures(samples: np.ndarray, lang: str, g) -> dict[str, float]:
    pitch = pitch_track(samples, sr=SR, fmin_hz=float(g.value("prosody.fmin_hz")), fmax_hz=float(g.value("prosody.fmax_hz")))
    pauses = find_silences(samples, sr=SR, min_pause_s=float(g.value("pauses.min_s")),
                           below_peak_db=float(g.value("pauses.below_peak_db")), **noise_rule(g))
    nuclei = find_syllable_nuclei(samples, sr=SR, pitch=pitch, below_peak_db=float(g.value("signal.activity_below_peak_db")),
                                  **nuclei_options(g, lang))
    prosody = analyse_prosody(samples, sr=SR, guidelines=g, pitch=pitch)
    return {"pauses": len(pauses), "rate": len(nuclei.times_s) / max(samples.size / SR, 1e-9),
            "f0": prosody.pitch_mean_hz or 0.0, "sd": prosody.pitch_sd_semitones or 0.0}


def moved(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["pauses"] != b["pauses"] or abs(a["rate"] - b["rate"]) > 0.05 * max(b["rate"], 1e-9)
            or abs(a["f0"] - b["f0"]) > 0.05 * max(b["f0"], 1e-9) or abs(a["sd"] - b["sd"]) > 0.5)


def with_hum(x: np.ndarray, mains: int, below_loud_db: float, loud_db: float, phase: float) -> np.ndarray:
    t = np.arange(x.size) / SR
    hum = sum(a * np.sin(2 * np.pi * k * mains * t + k * phase) for k, a in ((1, 1.0), (3, 0.5), (5, 0.25)))
    hum *= 10 ** ((loud_db - below_loud_db) / 20) / np.sqrt(np.mean(hum**2))
    y = x + hum
    return (y / max(1.0, float(np.abs(y).max()))).astype(np.float32)


def as_read(y: np.ndarray):
    """The copy as Wicara reads it: encoded to wav and loaded like an upload."""
    buf = io.BytesIO()
    sf.write(buf, y, SR, format="WAV", subtype="FLOAT")
    return load_audio(buf.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test", choices=("dev", "test"))
    ap.add_argument("--every", type=int, default=3, help="every n-th clean clip of the split (3: about 26 clips, 5 minutes)")
    args = ap.parse_args()
    g = load_guidelines()
    manifest = json.loads((GENERATED / "manifest.json").read_text(encoding="utf-8"))["clips"]
    chosen = [c for c in manifest if c["split"] == args.split and c["noise_snr_db"] is None][::args.every]
    rows = {(m, d): [0, 0, 0, 0] for m in MAINS_HZ for d in BELOW_LOUD_DB}  # kept moved, Wicara moved, taken out, copies
    false_hum = []
    for n, c in enumerate(chosen):
        path = GENERATED / c["audio"]
        if not path.exists():
            sys.exit(f"{path} is missing: run python scripts/make_filler_set.py first.")
        clean = load_audio(path)
        if any(notice.code == "hum" for notice in clean.notices):
            false_hum.append(c["name"])
        x = np.asarray(clean.samples, dtype=np.float64)
        levels = clean.features.levels()[1]
        loud_db = float(np.percentile(levels, 99))
        base = measures(clean.samples, c["language"], g)
        for (mains, below), row in rows.items():
            y = with_hum(x, mains, below, loud_db, phase=0.7 * n)
            read = as_read(y)
            row[0] += moved(measures(y, c["language"], g), base)
            row[1] += moved(measures(read.samples, c["language"], g), base)
            row[2] += any(notice.code == "hum" for notice in read.notices)
            row[3] += 1
    print(f"{args.split}: {len(chosen)} clean generated clips; hum at each level under the loud level, "
          f"audio.hum_below_loud_db = {g.value('audio.hum_below_loud_db')}")
    print(f"{'hum':>6} {'under loud':>10} {'moved (kept)':>13} {'moved (Wicara)':>15} {'taken out':>10}")
    for (mains, below), (kept, wicara, out, total) in rows.items():
        print(f"{mains:>4}Hz {below:>8}dB {kept:>7}/{total:<5} {wicara:>9}/{total:<5} {out:>5}/{total}")
    print(f"clean clips in which a hum was found: {len(false_hum)} {false_hum}")


if __name__ == "__main__":
    main()
