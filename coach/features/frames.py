"""The frame measures of one recording, each computed once, on first use, and handed to every analysis.

:func:`coach.audio.load_audio` makes one :class:`SignalFeatures` per recording (``Audio.features``);
the audio check, the skipped-speech check, pauses, pitch, prosody, syllable nuclei and the
filled-pause detector all read their level track, activity mask and spectral flatness from it
instead of measuring the signal again. Each result is read-only: a caller that edits one copies it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from .signal import activity_mask, frame_levels_db, spectral_flatness

__all__ = ["SignalFeatures", "features_of"]


class SignalFeatures:
    """Frame measures of ``samples`` (mono float32 at ``sr`` Hz), computed lazily, once per parameter set."""

    def __init__(self, samples: np.ndarray, sr: int, guidelines: Any = None) -> None:
        """``guidelines`` (the built-in ones when None) give :meth:`activity` its default thresholds."""
        self.samples = samples
        self.sr = int(sr)
        if guidelines is None:
            from ..guidelines import builtin_guidelines

            guidelines = builtin_guidelines()
        self._below_peak_db = float(guidelines.value("signal.activity_below_peak_db"))
        self._floor_dbfs = float(guidelines.value("signal.activity_floor_dbfs"))
        self._done: dict[tuple, Any] = {}
        self._lock = threading.Lock()

    def _once(self, key: tuple, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._done:
                return self._done[key]
        result = compute()
        with self._lock:
            return self._done.setdefault(key, result)

    def levels(self, *, frame_s: float = 0.03, hop_s: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
        """(frame centres in s, RMS level in dBFS): :func:`coach.features.signal.frame_levels_db`."""
        return self._once(("levels", frame_s, hop_s),
                          lambda: frame_levels_db(self.samples, sr=self.sr, frame_s=frame_s, hop_s=hop_s))

    def activity(self, *, frame_s: float = 0.03, hop_s: float = 0.01, below_peak_db: float | None = None,
                 floor_dbfs: float | None = None) -> np.ndarray:
        """Speech-active frames of :meth:`levels` (:func:`coach.features.signal.activity_mask`), read-only.

        Thresholds default to ``signal.activity_below_peak_db`` and ``signal.activity_floor_dbfs`` of the
        guidelines these features were made with.
        """
        below_peak_db = self._below_peak_db if below_peak_db is None else below_peak_db
        floor_dbfs = self._floor_dbfs if floor_dbfs is None else floor_dbfs

        def compute() -> np.ndarray:
            mask = activity_mask(self.levels(frame_s=frame_s, hop_s=hop_s)[1], below_peak_db=below_peak_db,
                                 floor_dbfs=floor_dbfs)
            mask.setflags(write=False)
            return mask

        return self._once(("activity", frame_s, hop_s, below_peak_db, floor_dbfs), compute)

    def flatness(self, *, frame_s: float = 0.03, hop_s: float = 0.01) -> np.ndarray:
        """Spectral flatness per frame (:func:`coach.features.signal.spectral_flatness`), read-only."""
        def compute() -> np.ndarray:
            flat = spectral_flatness(self.samples, sr=self.sr, frame_s=frame_s, hop_s=hop_s)
            flat.setflags(write=False)
            return flat

        return self._once(("flatness", frame_s, hop_s), compute)


def features_of(samples: np.ndarray, sr: int, features: SignalFeatures | None, guidelines: Any = None) -> SignalFeatures:
    """``features`` when they are those of ``samples`` at ``sr``; else new ones with ``guidelines`` (a caller that
    passed none)."""
    if features is not None and features.samples is samples and features.sr == sr:
        return features
    return SignalFeatures(samples, sr, guidelines)
