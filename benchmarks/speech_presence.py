"""Speech presence (Silero VAD) on real speech as it is recorded, and on sounds that are not speech.

    python benchmarks/speech_presence.py --split dev     # what the VAD level and threshold were chosen on
    python benchmarks/speech_presence.py --split test    # reported

Speech: the real clips of the split (``benchmarks/data/real``) and its first 20 generated fluent clips per
language, each as recorded, in a room, through Opus and on a phone line (``benchmarks/degrade.py``; copies
written once under ``benchmarks/out/conditions/``), and each of those at its own level, 20 dB and 30 dB
quieter (a laptop's microphone at low gain, a speaker far from it). Non-speech: the signals of
``benchmarks/refusal.py`` (tones, hum, buzz, siren, music, drums, typing, birdsong, noise), 8 s and 30 s
long, at peak 0.5 and 0.02. For each VAD setting (the level the recording is brought to first, ``None``:
as recorded; the probability threshold) it prints how many speech recordings would be refused (less than
``speech.min_speech_s`` heard) and the most "speech" heard in any non-speech signal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from degrade import CONDITIONS, degraded_copy  # noqa: E402
from filler_eval import real_and_fluent  # noqa: E402
from refusal import signals  # noqa: E402

from coach.audio import decode  # noqa: E402
from coach.features.signal import frame_levels_db  # noqa: E402
from coach.features.speech_presence import level_gain, speech_probabilities  # noqa: E402
from coach.guidelines import load_guidelines  # noqa: E402

GAINS_DB = (0.0, -20.0, -30.0)
LEVELS = (None, -30.0, -25.0, -20.0, -15.0)
THRESHOLDS = (0.5, 0.4, 0.3)
CHUNK_S = 512 / 16000


def heard_s(probabilities: np.ndarray, threshold: float) -> float:
    return float((probabilities >= threshold).sum()) * CHUNK_S


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    args = ap.parse_args()
    min_s = float(load_guidelines().value("speech.min_speech_s"))
    clips = real_and_fluent(args.split)
    speech: list[tuple[str, np.ndarray]] = []
    for condition in ("clean",) + CONDITIONS:
        for clip in clips:
            if not clip.audio.exists():
                continue
            path = clip.audio if condition == "clean" else degraded_copy(clip.audio, condition, ROOT / "benchmarks" / "out" / "conditions")
            x = decode(path)
            speech += [(f"{condition} {clip.name} {g:+.0f} dB", (x * 10 ** (g / 20)).astype(np.float32)) for g in GAINS_DB]
    other = [(f"{name} {seconds} s peak {peak}", (peak * x / np.max(np.abs(x))).astype(np.float32))
             for seconds in (8, 30) for name, x in signals(seconds).items() for peak in (0.5, 0.02)]
    print(f"{len(speech)} speech recordings ({len(clips)} clips x {1 + len(CONDITIONS)} conditions x {len(GAINS_DB)} levels),"
          f" {len(other)} non-speech; refused when under {min_s} s is heard\n")
    print(f"{'level dBFS':<12}{'threshold':>10}{'speech refused':>16}{'non-speech max s':>18}  refused speech (first 6)")
    for level in LEVELS:
        def probs(x: np.ndarray) -> np.ndarray:
            return speech_probabilities(x, gain=1.0 if level is None else level_gain(frame_levels_db(x, sr=16000)[1], level))

        p_speech = [(name, probs(x)) for name, x in speech]
        p_other = [(name, probs(x)) for name, x in other]
        for threshold in THRESHOLDS:
            refused = [name for name, p in p_speech if heard_s(p, threshold) < min_s]
            worst = max(((heard_s(p, threshold), name) for name, p in p_other))
            print(f"{'as recorded' if level is None else f'{level:.0f}':<12}{threshold:>10.2f}"
                  f"{len(refused):>8}/{len(speech):<7}{worst[0]:>10.2f} ({worst[1]})  {', '.join(refused[:6])}", flush=True)


if __name__ == "__main__":
    main()
