"""Pay the one-off costs of an analysis when a worker starts, not on a participant's first upload.

The first analysis in a process imports ``numpy.fft`` (YIN and MFCC) and loads Silero VAD's ONNX
session, the CMU syllable table and pyphen. :func:`warm_up` does each of these once on a second of
synthetic sound, so later analyses start at full speed. The Whisper model is not loaded here: workers load it
themselves (``get_transcriber``).
"""

from __future__ import annotations

import logging
import time

import numpy as np

__all__ = ["warm_up"]

log = logging.getLogger(__name__)


def warm_up() -> float:
    """Import and initialise everything an analysis uses, once per process; returns the seconds taken.

    Safe to call from several threads and more than once (later calls cost milliseconds). A failure
    is logged, never raised: a worker without a warm-up is slower on its first job, not broken.
    """
    t0 = time.perf_counter()
    try:
        from .analysis.acoustic_fillers import detect_filled_pauses
        from .analysis.prosody import pitch_track
        from .analysis.syllable_nuclei import find_syllable_nuclei
        from .guidelines import builtin_guidelines
        from .lang.readability import flesch_reading_ease_en
        from .features.speech_presence import speech_probabilities
        from .types import Word

        sr = 16_000
        t = np.arange(sr, dtype=np.float64) / sr
        # A vowel-like sound: 140 Hz with harmonics, swelling twice a second.
        y = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 6)) * (0.3 + 0.2 * np.sin(2 * np.pi * 2 * t))
        y = (0.2 * y).astype(np.float32)
        g = builtin_guidelines()
        pitch = pitch_track(y, sr=sr, fmin_hz=float(g.value("prosody.fmin_hz")),
                            fmax_hz=float(g.value("prosody.fmax_hz")), hop_s=0.01)
        find_syllable_nuclei(y, sr=sr, pitch=pitch)
        detect_filled_pauses(y, sr=sr, words=(Word("a", 0.0, 0.2, 0.9), Word("b", 0.9, 1.0, 0.9)), lang="en",
                             guidelines=g, pitch=pitch)
        speech_probabilities(y, sr=sr)
        flesch_reading_ease_en("Warm up the syllable table. Zorblaxingly.")
    except Exception:  # noqa: BLE001 - a warm-up must never stop a worker
        log.warning("warm-up failed; the first analysis will pay its start-up costs", exc_info=True)
    seconds = time.perf_counter() - t0
    log.info("analysis warmed up in %.1f s", seconds)
    return seconds
