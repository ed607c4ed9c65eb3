"""Steady sounds under the voice: the signal measures of the generated clips with a mains hum, a low rumble or
a DC offset added, as the sound leaves them and as Wicara reads them (the sound taken out).

    python scripts/make_filler_set.py                      # the generated audio (once)
    python benchmarks/hum.py --split dev                   # the clips audio.hum_below_loud_db was chosen on
    python benchmarks/hum.py                               # test split (report)
    python benchmarks/hum.py --kind rumble --split dev     # audio.rumble_below_loud_db; --kind dc: an offset

Every third clean generated clip of the split (no noise added; ``--every``) gets, at several levels under the
clip's loud level (its 99th-percentile 30 ms frame): ``hum``, a mains hum of 50 and of 60 Hz, fundamental and
3rd and 5th harmonics at 0, −6 and −12 dB (a fixed phase per clip); ``rumble``, white noise through a 4th-order
low-pass at 80 Hz (wind, handling, traffic; seeded per clip); ``dc``, an offset of the samples. The signal measures are taken on the clean clip,
on the copy with the hum as it is ("kept"), and on the copy as Wicara reads it (``coach.audio.load_audio``:
the hum taken out when :func:`coach.features.hum.without_hum` finds it within ``audio.hum_below_loud_db``
of the loud level, the rumble or offset when :func:`coach.features.rumble.without_rumble` finds it filling the
pauses within ``audio.rumble_below_loud_db``): pauses (:func:`coach.analysis.pauses.find_silences` with the guidelines' rule),
syllable nuclei per second of the signal, and the pitch's median and spread (:func:`coach.analysis.prosody
.analyse_prosody`). A copy "moved" when its pauses differ in number from the clean clip's, its syllable
rate by more than 5 %, its pitch median by more than 5 % or its spread by more than 0.5 semitone.
Printed per sound and level: copies moved (kept / Wicara), copies whose sound Wicara took out, and the clean
clips in which Wicara found such a sound (should be none).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import butter, sosfilt

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
KINDS = {"hum": ("50 Hz", "60 Hz"), "rumble": ("rumble",), "dc": ("offset",)}
NOTICE = {"hum": "hum", "rumble": "low_rumble", "dc": "low_rumble"}
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


def with_sound(x: np.ndarray, variant: str, below_loud_db: float, loud_db: float, n: int) -> np.ndarray:
    """``x`` with ``variant``'s steady sound at ``below_loud_db`` under ``loud_db`` (RMS; an offset's value)."""
    t = np.arange(x.size) / SR
    if variant.endswith("Hz"):
        mains = float(variant.split()[0])
        sound = sum(a * np.sin(2 * np.pi * k * mains * t + 0.7 * n * k) for k, a in ((1, 1.0), (3, 0.5), (5, 0.25)))
    elif variant == "rumble":
        sound = sosfilt(butter(4, 80, "low", fs=SR, output="sos"), np.random.default_rng(n).normal(size=x.size))
    else:
        sound = np.ones(x.size)
    sound *= 10 ** ((loud_db - below_loud_db) / 20) / np.sqrt(np.mean(sound**2))
    y = x + sound
    return (y / max(1.0, float(np.abs(y).max()))).astype(np.float32)


def as_read(y: np.ndarray, g):
    """The copy as Wicara reads it: encoded to wav and loaded like an upload."""
    buf = io.BytesIO()
    sf.write(buf, y, SR, format="WAV", subtype="FLOAT")
    return load_audio(buf.getvalue(), guidelines=g)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test", choices=("dev", "test"))
    ap.add_argument("--kind", default="hum", choices=sorted(KINDS))
    ap.add_argument("--guidelines", type=Path, help="a guidelines override file (a sweep: another audio.*_below_loud_db)")
    ap.add_argument("--every", type=int, default=3, help="every n-th clean clip of the split (3: about 26 clips, 5 minutes)")
    args = ap.parse_args()
    g = load_guidelines(args.guidelines)
    manifest = json.loads((GENERATED / "manifest.json").read_text(encoding="utf-8"))["clips"]
    chosen = [c for c in manifest if c["split"] == args.split and c["noise_snr_db"] is None][::args.every]
    levels_db = BELOW_LOUD_DB if args.kind == "hum" else (10, 15, 20, 25, 30, 40)
    rows = {(v, d): [0, 0, 0, 0] for v in KINDS[args.kind] for d in levels_db}  # kept moved, Wicara moved, taken out, copies
    code = NOTICE[args.kind]
    false_found = []
    for n, c in enumerate(chosen):
        path = GENERATED / c["audio"]
        if not path.exists():
            sys.exit(f"{path} is missing: run python scripts/make_filler_set.py first.")
        clean = load_audio(path, guidelines=g)
        if any(notice.code == code for notice in clean.notices):
            false_found.append(c["name"])
        x = np.asarray(clean.samples, dtype=np.float64)
        levels = clean.features.levels()[1]
        loud_db = float(np.percentile(levels, 99))
        base = measures(clean.samples, c["language"], g)
        for (variant, below), row in rows.items():
            y = with_sound(x, variant, below, loud_db, n)
            read = as_read(y, g)
            row[0] += moved(measures(y, c["language"], g), base)
            row[1] += moved(measures(read.samples, c["language"], g), base)
            row[2] += any(notice.code == code for notice in read.notices)
            row[3] += 1
    setting = "audio.hum_below_loud_db" if args.kind == "hum" else "audio.rumble_below_loud_db"
    print(f"{args.split}: {len(chosen)} clean generated clips; {args.kind} at each level under the loud level, "
          f"{setting} = {g.value(setting)}")
    print(f"{'sound':>7} {'under loud':>10} {'moved (kept)':>13} {'moved (Wicara)':>15} {'taken out':>10}")
    for (variant, below), (kept, wicara, out, total) in rows.items():
        print(f"{variant:>7} {below:>8}dB {kept:>7}/{total:<5} {wicara:>9}/{total:<5} {out:>5}/{total}")
    print(f"clean clips in which such a sound was found: {len(false_found)} {false_found}")


if __name__ == "__main__":
    main()
