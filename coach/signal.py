"""Frame-level measurements of a signal shared by validation, pauses and transcription checks.

One definition of "speech is present" for the whole product: a frame is active when its
level is within ``below_peak_db`` of the recording's loud level (its 99th-percentile frame)
and above an absolute floor (de Jong & Wempe 2009 use −25 dB below the peak); both thresholds are
in ``coach/guidelines.toml`` (``signal.*``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["activity_mask", "frame_levels_db", "mask_to_spans", "spectral_flatness"]


def _frames(samples: np.ndarray, *, frame_length: int, hop_length: int) -> np.ndarray:
    """Return frames, shape (n_frames, frame_length), centred on k * hop_length (zero-padded)."""
    pad = frame_length // 2
    padded = np.pad(np.asarray(samples, dtype=np.float32), (pad, pad))
    n_frames = 1 + max(0, (len(padded) - frame_length) // hop_length)
    return np.lib.stride_tricks.sliding_window_view(padded, frame_length)[::hop_length][:n_frames]


def frame_levels_db(
    samples: np.ndarray, *, sr: int, frame_s: float = 0.03, hop_s: float = 0.01
) -> tuple[np.ndarray, np.ndarray]:
    """RMS level of each frame in dBFS.

    Returns
    -------
    times_s : float array, shape (n_frames,), frame centres in seconds
    level_db : float array, shape (n_frames,), 20·log10(RMS), floored at −120 dB
    """
    frame_length = max(1, int(round(frame_s * sr)))
    hop_length = max(1, int(round(hop_s * sr)))
    frames = _frames(samples, frame_length=frame_length, hop_length=hop_length)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    level_db = 20.0 * np.log10(np.maximum(rms, 1e-6))
    times_s = np.arange(len(level_db)) * hop_length / sr
    return times_s, level_db


def activity_mask(
    level_db: np.ndarray, *, below_peak_db: float | None = None, floor_dbfs: float | None = None
) -> np.ndarray:
    """Frames that hold sound loud enough to be speech: boolean array, same shape as ``level_db``.

    ``below_peak_db`` and ``floor_dbfs`` default to the guidelines' ``signal.activity_below_peak_db``
    and ``signal.activity_floor_dbfs``.
    """
    if below_peak_db is None or floor_dbfs is None:
        from .guidelines import builtin_guidelines

        g = builtin_guidelines()
        below_peak_db = float(g.value("signal.activity_below_peak_db")) if below_peak_db is None else below_peak_db
        floor_dbfs = float(g.value("signal.activity_floor_dbfs")) if floor_dbfs is None else floor_dbfs
    if level_db.size == 0:
        return np.zeros(0, dtype=bool)
    loud_db = float(np.percentile(level_db, 99))
    return (level_db >= loud_db - below_peak_db) & (level_db >= floor_dbfs)


def mask_to_spans(mask: np.ndarray, *, hop_s: float, min_gap_s: float = 0.0) -> list[tuple[float, float]]:
    """Runs of True in ``mask`` as (start_s, end_s); gaps shorter than ``min_gap_s`` are bridged."""
    if mask.size == 0:
        return []
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    spans: list[tuple[float, float]] = []
    for s, e in zip(starts, ends):
        start_s, end_s = s * hop_s, e * hop_s
        if spans and start_s - spans[-1][1] < min_gap_s:
            spans[-1] = (spans[-1][0], end_s)
        else:
            spans.append((start_s, end_s))
    return spans


def spectral_flatness(samples: np.ndarray, *, sr: int, frame_s: float = 0.03, hop_s: float = 0.01) -> np.ndarray:
    """Spectral flatness (geometric / arithmetic mean of the power spectrum) per frame, 0–1.

    Voiced speech is peaky (≈0.01–0.2); broadband noise is flat (≈0.5–0.9).
    """
    frame_length = max(2, int(round(frame_s * sr)))
    hop_length = max(1, int(round(hop_s * sr)))
    frames = _frames(samples, frame_length=frame_length, hop_length=hop_length)
    power = np.abs(np.fft.rfft(frames * np.hanning(frame_length), axis=1)) ** 2 + 1e-12
    return np.exp(np.mean(np.log(power), axis=1)) / np.mean(power, axis=1)
