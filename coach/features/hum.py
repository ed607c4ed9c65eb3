"""Mains hum: found in the recording's steady spectrum and taken out before anything is measured.

A recorder near a power cable, a charger or an unearthed amplifier adds a hum at the mains frequency
(50 Hz in Indonesia, 60 Hz elsewhere) and its harmonics. Whisper hears through it, but every measure
read from the level track does not: a hum 10 dB under the speech's average fills the pauses (``en_fillers``:
17 "pauses" instead of 7, a signal syllable rate of 2.53 instead of 3.48/s) and a louder one becomes the
"pitch" (65 or 183 Hz: vocal variety wrong or not scored). ``python benchmarks/hum.py`` measures it.

Speech changes from one moment to the next, hum does not, so the hum stands out in the median over time
of the short-term power spectrum: :func:`find_hum` looks there for narrow peaks at the harmonics of 50
and 60 Hz (``audio.hum_*`` in the guidelines), and :func:`remove_hum` zeroes those harmonics' bins in
2-second frames (:func:`coach.features.spectra.filtered`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .spectra import FRAME as _FRAME
from .spectra import QUIET_FRAME as _QUIET_FRAME
from .spectra import filtered, hann, loud_dbfs, quiet_spectrum, taken_out_dbfs

__all__ = ["Hum", "find_hum", "remove_hum", "without_hum"]

_MAX_FRAMES = 96  # the steady spectrum is the median of at most this many frames, spread over the recording
_MAINS_HZ = (50.0, 60.0)
_MIN_FRAMES = 3  # 4 s: the least recording whose steady spectrum is read
_SEARCH_SHARE = 0.012  # how far the mains frequency may be off (grids run within 0.5 %; 1.2 % covers a sound card's clock)
_DETECT_HARMONICS = (1, 2)  # a hum is looked for at the mains frequency (magnetic pickup) and twice it (a rectifier's buzz)
_NEIGHBOURS_HZ = (3.0, 12.0)  # a harmonic's peak against the median of the spectrum this far either side
_NOTCH_BINS = 2.5  # bins zeroed either side of a harmonic: a Hann window's main lobe
_DRIFT = 0.002  # and a share of the harmonic's frequency more, for a grid that drifts during the recording
_QUIET_NEIGHBOURS = (4, 10)  # bins (3.9 Hz each) either side of the line that make its background


@dataclass(frozen=True)
class Hum:
    """A mains hum: its fundamental (Hz), the harmonics taken out (Hz), its strongest peak (dB above the
    spectrum around it) and, once taken out, its level (dBFS RMS over the recording)."""

    fundamental_hz: float
    harmonics_hz: tuple[float, ...]
    prominence_db: float
    level_dbfs: float | None = None


def _steady_spectrum(samples: np.ndarray) -> np.ndarray:
    """Median over time of the Hann-windowed power spectrum of up to :data:`_MAX_FRAMES` frames."""
    starts = np.unique(np.linspace(0, samples.size - _FRAME, min(_MAX_FRAMES, samples.size // (_FRAME // 2)))
                       .astype(int))
    frames = np.stack([samples[s:s + _FRAME] for s in starts]).astype(np.float64) * hann(_FRAME)
    return np.median(np.abs(np.fft.rfft(frames, axis=1)) ** 2, axis=0)


def _peak(spectrum: np.ndarray, bin_hz: float, f_hz: float, within_hz: float) -> tuple[float, float]:
    """(the highest peak's frequency in Hz, its height over the median of the spectrum around it in dB)
    within ``within_hz`` of ``f_hz``."""
    lo, hi = int(np.floor((f_hz - within_hz) / bin_hz)), int(np.ceil((f_hz + within_hz) / bin_hz)) + 1
    if lo < 1 or hi + int(_NEIGHBOURS_HZ[1] / bin_hz) >= spectrum.size:
        return f_hz, 0.0
    peak = lo + int(np.argmax(spectrum[lo:hi]))
    a, b, c = np.log(spectrum[peak - 1:peak + 2] + 1e-30)
    offset = 0.5 * (a - c) / (a - 2 * b + c) if a - 2 * b + c < 0 else 0.0  # parabolic peak
    near, far = int(_NEIGHBOURS_HZ[0] / bin_hz), int(_NEIGHBOURS_HZ[1] / bin_hz)
    around = np.concatenate([spectrum[peak - far:peak - near], spectrum[peak + near + 1:peak + far + 1]])
    height = 10 * np.log10((spectrum[peak] + 1e-30) / (float(np.median(around)) + 1e-30))
    return (peak + offset) * bin_hz, float(height)


def _in_pauses_db(quiet: np.ndarray, bin_hz: float, f_hz: float) -> float:
    """How far (dB) ``quiet`` (:func:`coach.features.spectra.quiet_spectrum`) stands at ``f_hz`` above the spectrum around it."""
    line = int(round(f_hz / bin_hz))
    near, far = _QUIET_NEIGHBOURS
    around = np.concatenate([quiet[max(0, line - far):max(0, line - near)], quiet[line + near + 1:line + far + 1]])
    if line + 2 > quiet.size or not around.size:
        return 0.0
    return 10 * float(np.log10((float(np.max(quiet[line - 1:line + 2])) + 1e-30) / (float(np.median(around)) + 1e-30)))


def find_hum(samples: np.ndarray, *, sr: int, min_prominence_db: float, harmonic_db: float,
             max_hz: float) -> Hum | None:
    """The mains hum in ``samples``, or None.

    A hum is there when 50 or 60 Hz or twice that (:data:`_DETECT_HARMONICS`: magnetic pickup, a rectifier's buzz)
    stands at least ``min_prominence_db`` above the steady spectrum around it, and at least ``harmonic_db``
    above it in the pauses (:func:`~coach.features.spectra.quiet_spectrum`: a hum sounds there too, a voice held
    at one pitch, a monotone synthesiser at 120 Hz, does not); the fundamental is read off
    that peak, and its harmonics up to ``max_hz`` that stand at least ``harmonic_db`` above the spectrum, in the pauses
    too, are the ones :func:`remove_hum` takes out. Recordings shorter than :data:`_MIN_FRAMES` frames have no
    steady spectrum to read (a vowel held for a whole frame would look like a hum).
    """
    if samples.size < (_MIN_FRAMES + 1) * _FRAME // 2:
        return None
    spectrum, quiet = _steady_spectrum(samples), quiet_spectrum(samples)
    bin_hz, quiet_bin_hz = sr / _FRAME, sr / _QUIET_FRAME
    found: Hum | None = None
    for mains in _MAINS_HZ:
        low = [_peak(spectrum, bin_hz, k * mains, k * _SEARCH_SHARE * mains)
               for k in _DETECT_HARMONICS]
        best = int(np.argmax([h for _, h in low]))
        (f_best, height), k_best = low[best], _DETECT_HARMONICS[best]
        if (height < min_prominence_db or (found is not None and height <= found.prominence_db)
                or _in_pauses_db(quiet, quiet_bin_hz, f_best) < harmonic_db):
            continue
        fundamental = f_best / k_best
        harmonics = (_peak(spectrum, bin_hz, k * fundamental, _NOTCH_BINS * bin_hz)
                     for k in range(1, int(max_hz // fundamental) + 1))
        kept = tuple(round(float(f), 2) for f, h in harmonics
                     if h >= harmonic_db and _in_pauses_db(quiet, quiet_bin_hz, f) >= harmonic_db)
        found = Hum(round(float(fundamental), 3), kept, round(float(height), 1))
    return found


def remove_hum(samples: np.ndarray, hum: Hum, *, sr: int) -> np.ndarray:
    """``samples`` (float32) with ``hum``'s harmonics zeroed; every other frequency comes back unchanged
    (:func:`coach.features.spectra.filtered`: in the first and last second the hum falls less, but those are
    not pauses, so no measure reads them as such)."""
    bin_hz = sr / _FRAME
    freqs = np.arange(_FRAME // 2 + 1) * bin_hz
    keep = np.ones(freqs.size)
    for f in hum.harmonics_hz:
        keep[np.abs(freqs - f) <= _NOTCH_BINS * bin_hz + _DRIFT * f] = 0.0
    return filtered(samples, keep)


def without_hum(samples: np.ndarray, *, sr: int, guidelines: Any) -> tuple[np.ndarray, Hum | None]:
    """``samples`` without their mains hum, and the hum; ``samples`` themselves and None when there is no hum
    or it lies more than ``audio.hum_below_loud_db`` under the loud level (the 99th-percentile 30 ms frame
    of what is left), where it moves no measure."""
    hum = find_hum(samples, sr=sr, min_prominence_db=float(guidelines.value("audio.hum_prominence_db")),
                   harmonic_db=float(guidelines.value("audio.hum_harmonic_db")),
                   max_hz=float(guidelines.value("audio.hum_max_hz")))
    if hum is None:
        return samples, None
    cleaned = remove_hum(samples, hum, sr=sr)
    level_dbfs = taken_out_dbfs(samples, cleaned)
    if level_dbfs < loud_dbfs(cleaned, sr=sr) - float(guidelines.value("audio.hum_below_loud_db")):
        return samples, None
    return cleaned, replace(hum, level_dbfs=round(level_dbfs, 1))
