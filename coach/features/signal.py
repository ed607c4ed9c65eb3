"""Frame-level measurements of a signal shared by validation, pauses and transcription checks.

One definition of "speech is present" for the whole product: a frame is active when its
level is within ``below_peak_db`` of the recording's loud level (its 99th-percentile frame)
and above an absolute floor (de Jong & Wempe 2009 use −25 dB below the peak); both thresholds are
in ``coach/guidelines.toml`` (``signal.*``).

Frames are measured a block at a time (``_BLOCK_FRAMES``), so a 20-minute recording needs a few MB
beyond its samples instead of a float64 copy of every frame (+0.4–0.8 GB); each frame's arithmetic
is the same as in one call, so the numbers are identical. The audio check, skipped-speech check,
pauses, pitch and syllable nuclei all ask for the same level track of the same recording:
:func:`frame_levels_db` remembers its result for a **read-only** sample array (what
:func:`coach.audio.load_audio` returns) for as long as that array lives, so it is computed once per
analysis. Writable arrays are never remembered (they could change in place).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

__all__ = ["activity_mask", "frame_levels_db", "mask_to_spans", "noise_rule", "silence_below_peak_db", "spectral_flatness"]

# Frames measured at once: 4096 frames of 64 ms in float64 are 8 MB.
_BLOCK_FRAMES = 4096


def _frame_blocks(
    samples: np.ndarray, *, frame_length: int, hop_length: int, block_frames: int = _BLOCK_FRAMES
) -> Iterator[np.ndarray]:
    """Frames centred on k * hop_length (zero-padded), shape (count, frame_length), block by block.

    Concatenated, the blocks are the frames of one zero-padded sliding window over the whole signal.
    """
    y = np.asarray(samples, dtype=np.float32)
    pad = frame_length // 2
    n_frames = 1 + max(0, (len(y) + 2 * pad - frame_length) // hop_length)
    for first in range(0, n_frames, block_frames):
        count = min(block_frames, n_frames - first)
        start = first * hop_length - pad  # in the unpadded signal
        buf = np.zeros((count - 1) * hop_length + frame_length, dtype=np.float32)
        lo, hi = max(0, start), min(len(y), start + len(buf))
        if hi > lo:
            buf[lo - start : hi - start] = y[lo:hi]
        yield np.lib.stride_tricks.sliding_window_view(buf, frame_length)[::hop_length][:count]


_MEMO: dict[int, tuple[weakref.ref, dict[tuple, Any]]] = {}
_MEMO_LOCK = threading.Lock()


def _remembered(samples: np.ndarray, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered per read-only ``samples`` array and ``key`` while the array lives."""
    if not isinstance(samples, np.ndarray) or samples.flags.writeable:
        return compute()
    ident = id(samples)
    with _MEMO_LOCK:
        entry = _MEMO.get(ident)
        if entry is not None and entry[0]() is samples and key in entry[1]:
            return entry[1][key]
    result = compute()
    with _MEMO_LOCK:
        entry = _MEMO.get(ident)
        if entry is None or entry[0]() is not samples:
            def forget(ref: weakref.ref, ident: int = ident) -> None:
                with _MEMO_LOCK:
                    if ident in _MEMO and _MEMO[ident][0] is ref:
                        del _MEMO[ident]

            entry = (weakref.ref(samples, forget), {})
            _MEMO[ident] = entry
        entry[1][key] = result
    return result


def frame_levels_db(
    samples: np.ndarray, *, sr: int, frame_s: float = 0.03, hop_s: float = 0.01
) -> tuple[np.ndarray, np.ndarray]:
    """RMS level of each frame in dBFS.

    Returns
    -------
    times_s : float array, shape (n_frames,), frame centres in seconds (read-only)
    level_db : float array, shape (n_frames,), 20·log10(RMS), floored at −120 dB (read-only)
    """
    frame_length = max(1, int(round(frame_s * sr)))
    hop_length = max(1, int(round(hop_s * sr)))

    def compute() -> tuple[np.ndarray, np.ndarray]:
        rms = np.concatenate([
            np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
            for frames in _frame_blocks(samples, frame_length=frame_length, hop_length=hop_length)
        ])
        level_db = 20.0 * np.log10(np.maximum(rms, 1e-6))
        times_s = np.arange(len(level_db)) * hop_length / sr
        times_s.setflags(write=False)
        level_db.setflags(write=False)
        return times_s, level_db

    return _remembered(samples, ("levels", sr, frame_length, hop_length), compute)


def activity_mask(
    level_db: np.ndarray, *, below_peak_db: float | None = None, floor_dbfs: float | None = None
) -> np.ndarray:
    """Frames that hold sound loud enough to be speech: boolean array, same shape as ``level_db``.

    ``below_peak_db`` and ``floor_dbfs`` default to the guidelines' ``signal.activity_below_peak_db``
    and ``signal.activity_floor_dbfs``.
    """
    if below_peak_db is None or floor_dbfs is None:
        from ..guidelines import builtin_guidelines

        g = builtin_guidelines()
        below_peak_db = float(g.value("signal.activity_below_peak_db")) if below_peak_db is None else below_peak_db
        floor_dbfs = float(g.value("signal.activity_floor_dbfs")) if floor_dbfs is None else floor_dbfs
    if level_db.size == 0:
        return np.zeros(0, dtype=bool)
    loud_db = float(np.percentile(level_db, 99))
    return (level_db >= loud_db - below_peak_db) & (level_db >= floor_dbfs)


def silence_below_peak_db(level_db: np.ndarray, *, below_peak_db: float, noise_floor_percentile: float | None = None,
                          above_noise_floor_db: float | None = None, min_below_peak_db: float = 0.0) -> float:
    """How far below the loud level (99th-percentile frame) silence starts: ``below_peak_db``, or less
    when the noise floor (the ``noise_floor_percentile`` frame) plus ``above_noise_floor_db`` lies above
    that line (a noisy room), never less than ``min_below_peak_db`` (a recording that is mostly noise would
    otherwise be all silence). Used by the pauses (silence) and the pitch (no pitch in what is silence)."""
    if noise_floor_percentile is None or above_noise_floor_db is None or level_db.size == 0:
        return below_peak_db
    loud = float(np.percentile(level_db, 99))
    floor = float(np.percentile(level_db, noise_floor_percentile))
    return max(min_below_peak_db, min(below_peak_db, loud - (floor + above_noise_floor_db)))


def noise_rule(guidelines: Any) -> dict[str, float]:
    """The guidelines' noisy-room silence rule, as :func:`silence_below_peak_db` and
    :func:`coach.analysis.pauses.find_silences` take it (``pauses.noise_floor_percentile``,
    ``pauses.above_noise_floor_db``, ``pauses.min_below_peak_db``)."""
    return {"noise_floor_percentile": float(guidelines.value("pauses.noise_floor_percentile")),
            "above_noise_floor_db": float(guidelines.value("pauses.above_noise_floor_db")),
            "min_below_peak_db": float(guidelines.value("pauses.min_below_peak_db"))}


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
    window = np.hanning(frame_length)
    out = []
    for frames in _frame_blocks(samples, frame_length=frame_length, hop_length=hop_length):
        power = np.abs(np.fft.rfft(frames * window, axis=1)) ** 2 + 1e-12
        out.append(np.exp(np.mean(np.log(power), axis=1)) / np.mean(power, axis=1))
    return np.concatenate(out)
