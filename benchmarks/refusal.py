"""How fast non-speech is refused: `wicara analyze` on a tone, mains hum, music and noise.

    python benchmarks/refusal.py [--seconds 30]

Writes each signal to a temporary WAV and times a fresh ``python -m coach analyze FILE --quiet``
process (imports, decoding and Silero VAD included; the Whisper model is never loaded). Prints the
wall and CPU seconds, the exit code and the first words of the message. Goal: under 5 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parent.parent
SR = 16_000


def signals(seconds: float) -> dict[str, np.ndarray]:
    t = np.arange(int(seconds * SR)) / SR
    rng = np.random.default_rng(0)
    music = np.zeros_like(t)
    n = int(0.25 * SR)
    seg = np.arange(n) / SR
    notes = [262, 294, 330, 349, 392, 440, 494, 523]
    for i in range(len(t) // n):
        f = notes[rng.integers(len(notes))]
        music[i * n:(i + 1) * n] = np.exp(-6 * seg) * (sum(np.sin(2 * np.pi * f * k * seg) / k for k in range(1, 6))
                                                      + 0.5 * np.sin(2 * np.pi * 1.5 * f * seg))
    return {
        "tone 440 Hz": np.sin(2 * np.pi * 440 * t),
        "mains hum 50 Hz": sum(np.sin(2 * np.pi * 50 * k * t) / k for k in range(1, 8)) + 0.01 * rng.normal(size=t.size),
        "music (synthetic notes)": music,
        "white noise": rng.normal(size=t.size),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"{'signal':<26}{'wall s':>8}{'cpu s':>8}{'exit':>6}  message")
    with tempfile.TemporaryDirectory() as tmp:
        for name, x in signals(args.seconds).items():
            path = Path(tmp) / "signal.wav"
            sf.write(path, (0.5 * x / np.max(np.abs(x))).astype(np.float32), SR, subtype="PCM_16")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "coach", "analyze", str(path), "--quiet"],
                                  capture_output=True, text=True, env=env, cwd=ROOT)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            message = (done.stderr or done.stdout).strip().splitlines()[-1] if (done.stderr or done.stdout) else ""
            print(f"{name:<26}{wall:>8.2f}{cpu:>8.2f}{done.returncode:>6}  {message[:90]}")


if __name__ == "__main__":
    main()
