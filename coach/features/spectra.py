"""Long-frame spectra of a whole recording and a zero-phase filter built on them (the mains hum and the
rumble under the voice, :mod:`coach.features.hum` and :mod:`coach.features.rumble`, read and take out
sounds that never change).

:func:`filtered` multiplies each 2-second frame's spectrum by a gain per frequency bin and adds the frames
back with Hann windows half a frame apart, which sum to exactly 1: where the gain is 1 the samples come back
unchanged. :func:`quiet_spectrum` is the mean power spectrum of the quietest short frames: what sounds in
the pauses, where a voice does not.
"""

from __future__ import annotations

import numpy as np

from .signal import _remembered, frame_levels_db

__all__ = ["FRAME", "QUIET_FRAME", "filtered", "hann", "loud_dbfs", "quiet_spectrum", "taken_out_dbfs"]

FRAME = 1 << 15  # 2.048 s at 16 kHz: 0.49 Hz between bins
QUIET_FRAME = 1 << 12  # 0.256 s: short enough for a frame to fall inside a pause
_QUIET_SHARE = 0.1  # the quietest tenth of the short frames: pauses and gaps, where a voice has no harmonics
_QUIET_MAX_FRAMES = 600
_BATCH = 32  # frames per FFT batch: 8 MB of float64 at a time


def hann(n: int) -> np.ndarray:
    """The periodic Hann window: copies half a window apart add up to exactly 1."""
    return np.hanning(n + 1)[:-1]


def quiet_spectrum(samples: np.ndarray) -> np.ndarray:
    """Mean power spectrum (Hann, :data:`QUIET_FRAME` samples, bins ``sr / QUIET_FRAME`` apart) of the quietest
    tenth of the recording's short frames, at most :data:`_QUIET_MAX_FRAMES` of them spread over it; remembered
    for read-only ``samples`` (the hum and the rumble checks both read it), read-only."""
    def compute() -> np.ndarray:
        hop = QUIET_FRAME // 2
        starts = np.unique(np.linspace(0, samples.size - QUIET_FRAME, min(_QUIET_MAX_FRAMES, samples.size // hop))
                           .astype(int))
        frames = np.stack([samples[s:s + QUIET_FRAME] for s in starts]).astype(np.float64)
        energy = np.mean(frames**2, axis=1)
        quiet = frames[energy <= np.quantile(energy, _QUIET_SHARE)] * hann(QUIET_FRAME)
        spectrum = np.mean(np.abs(np.fft.rfft(quiet, axis=1)) ** 2, axis=0)
        spectrum.setflags(write=False)
        return spectrum

    return _remembered(samples, ("quiet_spectrum",), compute)


def filtered(samples: np.ndarray, gain: np.ndarray, *, offset: float = 0.0) -> np.ndarray:
    """``samples`` less ``offset`` (float32), with each :data:`FRAME`-sample frame's spectrum multiplied by ``gain``
    (one value per rfft bin, ``FRAME // 2 + 1`` of them). A steady sound taken out falls by 40 dB and more inside
    the recording, less in its first and last second, where it starts and stops as the recording does.

    Frames start half a frame before the recording (zeros there) and every half frame after; each half-frame
    stretch of the output is the sum of the two frames over it, added in float64 and kept as float32 once both
    are in, so a 20-minute recording needs one float32 copy, not two float64 ones.
    """
    hop = FRAME // 2
    n = samples.size
    n_frames = int(np.ceil((n + hop) / hop))
    out = np.empty(n, dtype=np.float32)
    window = hann(FRAME)
    carry = np.zeros(hop)  # the second half of the frame before, waiting for the next frame's first half
    for first in range(0, n_frames, _BATCH):
        frames = np.zeros((min(_BATCH, n_frames - first), FRAME))
        for i in range(frames.shape[0]):
            a = (first + i) * hop - hop  # the frame's first sample in the recording (negative: zeros before it)
            lo, hi = max(a, 0), min(a + FRAME, n)
            if hi > lo:
                frames[i, lo - a:hi - a] = samples[lo:hi] - offset if offset else samples[lo:hi]
        for i, f in enumerate(np.fft.irfft(np.fft.rfft(frames * window, axis=1) * gain, n=FRAME, axis=1)):
            stretch = carry + f[:hop]  # output samples from (first + i - 1) * hop on
            start = (first + i - 1) * hop
            if start >= 0 and start < n:
                out[start:min(start + hop, n)] = stretch[:min(hop, n - start)]
            carry = f[hop:]
    return out


def taken_out_dbfs(samples: np.ndarray, cleaned: np.ndarray) -> float:
    """The level (dBFS RMS over the recording) of what :func:`filtered` took out of ``samples``."""
    block = 1 << 20  # a block at a time: no second copy of a 20-minute recording
    energy = sum(float(np.sum((samples[i:i + block].astype(np.float64) - cleaned[i:i + block]) ** 2))
                 for i in range(0, samples.size, block))
    return float(10 * np.log10(energy / max(samples.size, 1) + 1e-20))


def loud_dbfs(samples: np.ndarray, *, sr: int) -> float:
    """The loud level: the 99th-percentile 30 ms frame level (dBFS). ``samples`` are made read-only, so the
    level track is remembered for the analyses that read it again."""
    samples.setflags(write=False)
    _, level_db = frame_levels_db(samples, sr=sr)
    return float(np.percentile(level_db, 99)) if level_db.size else -120.0
