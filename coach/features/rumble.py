"""Sound under the voice: a DC offset and low rumble (wind, handling the phone, a fan, traffic), filtered
out before anything is measured when it fills the pauses.

A voice has little under 120 Hz (a low voice's fundamental at most), but the level track is the whole band's: a cheap sound card's DC
offset or wind on the microphone sits in every pause, so nothing reads as silence. ``en_fillers`` with its
samples shifted by 0.25 got no pauses, no signal syllable rate and a "pitch" of 348 Hz; with rumble under
80 Hz at −25 dBFS, 25 pauses instead of 7 and 0.37 syllables/s instead of 3.48. ``python benchmarks/hum.py
--kind rumble`` (and ``--kind dc``) measures it.

:func:`in_pauses` reads how much of the pauses' sound (:func:`coach.features.spectra.quiet_spectrum`) lies
under ``audio.rumble_cutoff_hz`` (120 Hz) and how loud it is there; when that share reaches
``audio.rumble_min_share`` and it lies within ``audio.rumble_below_loud_db`` of the loud level, :func:`without_rumble`
takes the offset off and filters everything under the cutoff out (zero gain under half of it, a raised cosine up
to it). Filtered so, a man's voice at 99 Hz keeps every measure.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .spectra import FRAME, QUIET_FRAME, filtered, loud_dbfs, quiet_spectrum

__all__ = ["high_pass_gain", "in_pauses", "without_rumble"]


def in_pauses(samples: np.ndarray, *, sr: int, cutoff_hz: float) -> tuple[float, float]:
    """(the share of the pauses' power under ``cutoff_hz``, DC included; its level in dBFS): the pauses are the
    quietest short frames (:func:`coach.features.spectra.quiet_spectrum`). (0, −120) for a recording under 1 s."""
    if samples.size < 4 * QUIET_FRAME:
        return 0.0, -120.0
    quiet = quiet_spectrum(samples)
    below = np.arange(quiet.size) * sr / QUIET_FRAME < cutoff_hz
    total, low = float(quiet.sum()), float(quiet[below].sum())
    # Parseval for a one-sided spectrum (every bin but DC stands for two) of Hann-windowed frames (the
    # window's mean square: 3/8).
    mean_square = (2 * low - float(quiet[0])) / (QUIET_FRAME**2 * 0.375)
    return (low / total if total > 0 else 0.0), float(10 * np.log10(max(mean_square, 0.0) + 1e-20))


def high_pass_gain(*, sr: int, cutoff_hz: float) -> np.ndarray:
    """Gain per rfft bin of a :data:`~coach.features.spectra.FRAME`-sample frame: 0 under ``cutoff_hz / 2``,
    a raised cosine up to 1 at ``cutoff_hz``, 1 above."""
    freqs = np.arange(FRAME // 2 + 1) * sr / FRAME
    ramp = np.clip((freqs - cutoff_hz / 2) / (cutoff_hz / 2), 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * ramp)


def without_rumble(samples: np.ndarray, *, sr: int, guidelines: Any) -> tuple[np.ndarray, float | None]:
    """``samples`` with what lies under ``audio.rumble_cutoff_hz`` filtered out, and that sound's level in the
    pauses (dBFS); ``samples`` themselves and None when it makes less than ``audio.rumble_min_share`` of the
    pauses' sound or lies more than ``audio.rumble_below_loud_db`` under the loud level (the 99th-percentile
    30 ms frame of what is left), where it moves no measure."""
    cutoff_hz = float(guidelines.value("audio.rumble_cutoff_hz"))
    share, level_dbfs = in_pauses(samples, sr=sr, cutoff_hz=cutoff_hz)
    if share < float(guidelines.value("audio.rumble_min_share")):
        return samples, None
    # An offset is taken off first: filtered, it would start and stop as a step at the recording's ends.
    offset = float(np.mean(samples, dtype=np.float64))
    cleaned = filtered(samples, high_pass_gain(sr=sr, cutoff_hz=cutoff_hz), offset=offset)
    if level_dbfs < loud_dbfs(cleaned, sr=sr) - float(guidelines.value("audio.rumble_below_loud_db")):
        return samples, None
    return cleaned, round(level_dbfs, 1)
