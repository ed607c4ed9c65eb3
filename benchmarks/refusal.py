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
    """Sounds that are not speech, ``seconds`` long, each peak-normalised to 0.5: what a microphone picks
    up in an office or at home (hum, a fan's noise, traffic, typing, music, birdsong) and test tones."""
    t = np.arange(int(seconds * SR)) / SR
    n = t.size
    rng = np.random.default_rng(0)

    def notes(f0s, length_s, voice):
        out, pos = np.zeros(n), 0
        while pos < n:
            m = min(int(rng.uniform(*length_s) * SR), n - pos)
            out[pos:pos + m] = voice(f0s[rng.integers(len(f0s))], np.arange(m) / SR)
            pos += m
        return out

    def plucked(f, tt):  # a decaying harmonic note with a fifth above
        return np.exp(-6 * tt) * (sum(np.sin(2 * np.pi * f * k * tt) / k for k in range(1, 6))
                                  + 0.5 * np.sin(2 * np.pi * 1.5 * f * tt))

    def bowed(f, tt):  # a sustained note with 5.5 Hz vibrato, soft attack and release
        phase = 2 * np.pi * np.cumsum(f * (1 + 0.01 * np.sin(2 * np.pi * 5.5 * tt))) / SR
        return sum(np.sin(k * phase) / k for k in range(1, 12)) * np.minimum(1, np.minimum(tt * 20, (tt[-1] - tt) * 10))

    def chord(f, tt):  # a major triad struck and left to decay
        return sum(np.sin(2 * np.pi * f * r * tt) for r in (1, 1.26, 1.5)) * np.exp(-2 * tt)

    spectrum = np.fft.rfft(rng.normal(size=n))
    hz = np.maximum(np.fft.rfftfreq(n, 1 / SR), 1.0)
    brown = np.fft.irfft(spectrum / hz, n)
    drums, keys, birds = np.zeros(n), np.zeros(n), np.zeros(n)
    for k in range(0, n, SR // 2):  # a beat: a noise snare and a 60 Hz kick twice a second
        m = min(4000, n - k)
        drums[k:k + m] = (rng.normal(size=m) * np.exp(-np.arange(m) / 400)
                          + np.sin(2 * np.pi * 60 * np.arange(m) / SR) * np.exp(-np.arange(m) / 1500))
    for k in np.sort(rng.integers(0, n - 400, int(seconds * 7))):  # typing: 7 clicks a second
        keys[k:k + 400] += rng.normal(size=400) * np.exp(-np.arange(400) / 60)
    for k in range(0, n, int(0.4 * SR)):  # chirps sweeping up from 3 kHz
        m = min(int(0.12 * SR), n - k)
        birds[k:k + m] = np.sin(2 * np.pi * np.cumsum(3000 + 20000 * np.arange(m) / SR) / SR) * np.hanning(m)
    return {
        "tone 440 Hz": np.sin(2 * np.pi * 440 * t),
        "mains hum 50 Hz": sum(np.sin(2 * np.pi * 50 * k * t) / k for k in range(1, 8)) + 0.01 * rng.normal(size=n),
        "hum 60 Hz": sum(np.sin(2 * np.pi * 60 * k * t) / k ** 0.5 for k in (1, 2, 3, 5)),
        "hum 120 Hz, abrupt onset": sum(np.sin(2 * np.pi * 120 * k * t + k) * 0.7 ** k for k in (1, 2, 3))
        + 0.02 * rng.normal(size=n),
        "buzz (square 150 Hz)": np.sign(np.sin(2 * np.pi * 150 * t)),
        "siren": np.sin(2 * np.pi * np.cumsum(700 + 300 * np.sin(2 * np.pi * 0.5 * t)) / SR),
        "music (synthetic notes)": notes([262, 294, 330, 349, 392, 440, 494, 523], (0.25, 0.25), plucked),
        "violin-like melody": notes([220, 247, 262, 294, 330, 349, 392], (0.3, 0.7), bowed),
        "piano-like chords": notes([262, 294, 330, 349], (1.0, 1.0), chord),
        "drums": drums,
        "typing": keys + 0.003 * rng.normal(size=n),
        "birdsong": birds,
        "white noise": rng.normal(size=n),
        "pink noise (fan)": np.fft.irfft(spectrum / np.sqrt(hz), n),
        "traffic (swelling brown noise)": brown * (1 + 0.8 * np.sin(2 * np.pi * 0.1 * t)),
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
