"""How long the room rings: a reverberation time read blind from the level track.

Where speech stops, the level falls as fast as the talker stops in a close-talking recording (15 dB
in a few tens of ms), but only as fast as the room lets the sound die away in an echoing one: 60 dB
in the room's RT60 (0.3–1 s in offices and classrooms). The level after the loud peaks is followed
while it falls; each fall of at least 20 dB gives a rate over its 5–20 dB part, and the median rate
gives the time a 60 dB fall takes. In an echoing room the detector hears a word's tail as a held
sound, so the report says so (``audio.reverberant_decay_s``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["decay_time_s"]

_PEAK_BELOW_TOP_DB = 15.0  # peaks looked at: within this of the loud level (95th percentile)
_FALL_DB = 20.0  # a fall counts when the level drops at least this far from its peak
_FROM_DB, _TO_DB = 5.0, 20.0  # the part of the fall timed (the first few dB still hold the sound itself)
_RIPPLE_DB = 0.5  # a falling level may rise this much from one frame to the next (frame noise)
_LOOK_S = 1.0  # how far after a peak its fall is followed
_MIN_FALLS = 3


def decay_time_s(level_db: np.ndarray, *, hop_s: float = 0.01) -> float | None:
    """Seconds the level takes to fall 60 dB where sound stops (median over the falls found), or None
    with fewer than 3 falls of 20 dB (a short clip, or a room so live that words run into each other).

    Parameters
    ----------
    level_db : frame levels in dB, shape (n,), one every ``hop_s`` seconds
    """
    level = np.asarray(level_db, dtype=float)
    if level.size < 3:
        return None
    top = float(np.percentile(level, 95))
    inner = level[1:-1]
    peaks = np.flatnonzero((inner >= top - _PEAK_BELOW_TOP_DB) & (inner >= level[:-2]) & (inner >= level[2:])) + 1
    look = int(round(_LOOK_S / hop_s))
    rates, after = [], -1
    for i in peaks:
        if i <= after:  # inside the fall of an earlier peak
            continue
        window = level[i:i + look]
        rising = np.flatnonzero(np.diff(window) > _RIPPLE_DB)
        fall = window[: rising[0] + 1] if rising.size else window
        after = i + fall.size - 1
        peak = fall[0]
        if peak - fall.min() < _FALL_DB:
            continue
        start = int(np.argmax(fall <= peak - _FROM_DB))
        end = int(np.argmax(fall <= peak - _TO_DB))
        if end > start:
            rates.append((_TO_DB - _FROM_DB) / ((end - start) * hop_s))
    if len(rates) < _MIN_FALLS:
        return None
    return 60.0 / float(np.median(rates))
