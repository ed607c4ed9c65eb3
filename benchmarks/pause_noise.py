"""Pauses and vocal variety in a noisy room: the clean generated clips measured again with noise added.

    python scripts/make_filler_set.py          # the generated audio (once)
    python benchmarks/pause_noise.py           # test split: the product's rule against the fixed −25 dB line
    python benchmarks/pause_noise.py --sweep   # dev split: the grid pauses.noise_floor_percentile and
                                               # pauses.above_noise_floor_db were chosen on

The reference is what :func:`coach.analysis.pauses.find_silences` finds on each clean clip (no noise) of
``benchmarks/data/generated`` with the fixed threshold (``pauses.below_peak_db``), which is what it has
always found on clean audio. Each clip is then mixed with pink and with white noise at 10, 15, 20 and
30 dB SNR (against the speech's RMS; fixed seed) and its pauses found again. "found" counts reference
pauses covered at least half by a pause found in the noisy copy; "extra" counts pauses found in the
noisy copy that touch no reference pause. The same rule on every clean sample and real clip is
checked too: "changed" lists those where it finds other pauses than the fixed line.

Vocal variety (test split only): the prosody score of each noisy copy against the clean clip's, with
the pitch kept only where the pause rule hears sound (the product) and without that (the fixed line:
YIN's "pitch" in the room's noise counts). Printed: the mean change and how many noisy copies score
more than 10 points above their clean clip.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.analysis.pauses import find_silences  # noqa: E402
from coach.features.signal import silence_below_peak_db  # noqa: E402
from coach.audio import load_audio  # noqa: E402
from coach.features.frames import SignalFeatures  # noqa: E402
from coach.analysis.prosody import analyse_prosody  # noqa: E402
from coach.guidelines import Guidelines, load_guidelines  # noqa: E402

GENERATED = ROOT / "benchmarks" / "data" / "generated"
NOISES = [(kind, snr) for kind in ("pink", "white") for snr in (10, 15, 20, 30)]
SWEEP = [(q, m) for q in (5, 10, 20) for m in (3, 4, 6, 8, 10)]
MIN_S = 0.3
MIN_BELOW_DB = float(load_guidelines().value("pauses.min_below_peak_db"))


def _noise(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    white = rng.standard_normal(n)
    if kind == "white":
        return white
    spec = np.fft.rfft(white)
    spec[1:] /= np.sqrt(np.arange(1, len(spec)))
    pink = np.fft.irfft(spec, n)
    return pink / np.std(pink)


def _silences(samples: np.ndarray, sr: int, below_db: float, rule: tuple[float, float] | None
              ) -> list[tuple[float, float]]:
    q, margin = rule if rule is not None else (None, None)
    return find_silences(samples, sr=sr, min_pause_s=MIN_S, below_peak_db=below_db,
                         features=SignalFeatures(samples, sr), noise_floor_percentile=q, above_noise_floor_db=margin,
                         min_below_peak_db=MIN_BELOW_DB)


def clips(split: str, below_db: float) -> list[tuple[int, list[tuple[float, float]], dict, np.ndarray]]:
    """(sample rate, reference pauses, noisy copies, clean samples) of the clean generated clips of ``split``."""
    manifest = json.loads((GENERATED / "manifest.json").read_text(encoding="utf-8"))["clips"]
    rng = np.random.default_rng(1)
    out = []
    for c in (c for c in manifest if c["split"] == split and c["noise_snr_db"] is None):
        path = GENERATED / c["audio"]
        if not path.exists():
            sys.exit(f"{path} is missing: run python scripts/make_filler_set.py first.")
        audio = load_audio(path)
        x = audio.samples.astype(np.float64)
        levels = SignalFeatures(audio.samples, audio.sr).levels(frame_s=0.03, hop_s=0.01)[1]
        loud = np.repeat(levels >= np.percentile(levels, 99) - below_db, int(0.01 * audio.sr))[: x.size]
        rms = float(np.sqrt(np.mean(x[: loud.size][loud] ** 2)))
        reference = _silences(audio.samples, audio.sr, below_db, None)
        noisy = {}
        for kind, snr in NOISES:
            y = x + _noise(kind, x.size, rng) * rms * 10 ** (-snr / 20)
            noisy[(kind, snr)] = (y / np.max(np.abs(y)) * 0.7).astype(np.float32)
        out.append((audio.sr, reference, noisy, audio.samples))
    return out


def score(items: list, below_db: float, rule: tuple[float, float] | None) -> dict[tuple[str, int], list[int]]:
    """(noise kind, SNR) -> [found, reference pauses, extra]."""
    table: dict[tuple[str, int], list[int]] = {key: [0, 0, 0] for key in NOISES}
    for sr, reference, noisy, _ in items:
        for key, y in noisy.items():
            found = _silences(y, sr, below_db, rule)
            row = table[key]
            row[0] += sum(any(min(e, b) - max(s, a) >= 0.5 * (e - s) for a, b in found) for s, e in reference)
            row[1] += len(reference)
            row[2] += sum(not any(min(b, e) > max(a, s) for s, e in reference) for a, b in found)
    return table


def _line(name: str, table: dict) -> str:
    found, total, extra = (sum(v[i] for v in table.values()) for i in range(3))
    parts = "  ".join(f"{k}{snr}: {v[0]}/{v[1]}+{v[2]}" for (k, snr), v in table.items())
    return f"{name:<26} found {found}/{total} ({found / max(total, 1):.1%}), extra {extra}  | {parts}"


def variety(items: list, guidelines: Guidelines) -> dict[str, tuple[float, int, int]]:
    """Fixed line and the guidelines' rule: (mean score change, copies more than 10 points up, copies)."""
    fixed = Guidelines({**guidelines.rules, "pauses.above_noise_floor_db": {"value": -1000.0}})  # never applies
    out = {}
    for name, g in (("fixed", fixed), ("rule", guidelines)):
        changes = []
        for sr, _, noisy, clean in items:
            base = analyse_prosody(clean, sr=sr, guidelines=g).score
            for y in noisy.values():
                score = analyse_prosody(y, sr=sr, guidelines=g).score
                if base is not None and score is not None:
                    changes.append(score - base)
        out[name] = (float(np.mean(changes)), int(sum(c > 10 for c in changes)), len(changes))
    return out


def clean_changes(below_db: float, rule: tuple[float, float]) -> list[str]:
    """Clean sample and real clips where the rule finds other pauses than the fixed line."""
    files = sorted((ROOT / "sample_audio").glob("*.wav")) + sorted((ROOT / "benchmarks" / "data" / "real").glob("*.flac"))
    changed = []
    for path in files:
        audio = load_audio(path)
        levels = SignalFeatures(audio.samples, audio.sr).levels(frame_s=0.03, hop_s=0.01)[1]
        fixed = _silences(audio.samples, audio.sr, below_db, None)
        adapted = _silences(audio.samples, audio.sr, below_db, rule)
        if fixed != adapted:
            used = silence_below_peak_db(levels, below_peak_db=below_db, noise_floor_percentile=rule[0],
                                         above_noise_floor_db=rule[1], min_below_peak_db=MIN_BELOW_DB)
            changed.append(f"{path.name} ({len(fixed)} -> {len(adapted)} pauses, silence {used:.1f} dB below the loud level)")
    return changed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sweep", action="store_true", help="print the dev grid instead of the test figures")
    args = ap.parse_args()
    g = load_guidelines()
    below_db = float(g.value("pauses.below_peak_db"))
    rule = (float(g.value("pauses.noise_floor_percentile")), float(g.value("pauses.above_noise_floor_db")))
    split = "dev" if args.sweep else "test"
    items = clips(split, below_db)
    n_ref = sum(len(r) for _, r, _, _ in items)
    print(f"{split}: {len(items)} clean generated clips, {n_ref} pauses of at least {MIN_S} s found on them; "
          "noisy copies: found/reference+extra", flush=True)
    print(_line(f"fixed −{below_db:g} dB line", score(items, below_db, None)), flush=True)
    for q, m in (SWEEP if args.sweep else [rule]):
        mark = " (guidelines)" if (q, m) == rule else ""
        print(_line(f"floor p{q:g} + {m:g} dB{mark}", score(items, below_db, (q, m))), flush=True)
    if not args.sweep:
        changed = clean_changes(below_db, rule)
        print(f"clean sample and real clips whose pauses change: {len(changed)}", *changed, sep="\n  ")
        for name, (mean, up, n) in variety(items, g).items():
            label = f"fixed −{below_db:g} dB line" if name == "fixed" else "pitch only above the rule's line"
            print(f"vocal variety, {label}: mean change {mean:+.1f} points, {up} of {n} noisy copies > 10 points up")


if __name__ == "__main__":
    main()
