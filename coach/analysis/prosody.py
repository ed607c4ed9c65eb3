"""Vocal variety: pitch (F0) movement in semitones, monotone stretches, loudness.

F0 comes from YIN (:func:`coach.analysis.yin.yin`: librosa's ``yin`` in NumPy; ~10× faster than
pYIN). YIN returns a period for every frame, voiced or not, so voicing is decided here: a frame
is voiced when it is speech-active (:meth:`coach.features.frames.SignalFeatures.activity`) and periodic (the normalised autocorrelation at YIN's
period is high). Octave jumps are dropped against a running median in semitones.

Pitch statistics are in semitones relative to the speaker's median F0, so a 120 Hz voice
and a 240 Hz voice that move alike score alike (DOMAIN.md, "Vocal variety").
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..guidelines import Guidelines
from ..features.frames import SignalFeatures, features_of
from ..features.signal import _remembered, noise_rule, silence_below_peak_db
from ..types import Event
from .yin import yin

__all__ = ["ProsodyResult", "analyse_prosody", "pitch_track", "semitones"]

# YIN's analysis frame at 16 kHz: 64 ms holds two periods of a 65 Hz voice with room to search.
_YIN_FRAME_S = 0.064
# Normalised autocorrelation at the detected period: clean voiced speech gives 0.7–0.99,
# white noise stays below 0.2 (99th percentile); 0.4 keeps breathy vowel edges that pYIN calls voiced.
_MIN_PERIODICITY = 0.4
# Window compared with its copy one period later, in seconds (two periods at 65 Hz).
_PERIODICITY_WINDOW_S = 0.032
# An octave error jumps 12 semitones; real intonation rarely moves 6 semitones against the
# median of the surrounding half second.
_OCTAVE_JUMP_SEMITONES = 6.0
_RUNNING_MEDIAN_S = 0.5
# Voiced islands shorter than this are clicks or creak, not vowels.
_MIN_VOICED_RUN_S = 0.05
# Below this much voiced speech no pitch statistic is trustworthy.
_MIN_VOICED_S = 0.5
# Chart tracks are sampled this often.
_TRACK_STEP_S = 0.1
# Monotone windows step by a tenth of their length and need this share of voiced frames:
# speech with its pauses is ~40–60 % voiced; fewer voiced frames make the SD unreliable.
_MONOTONE_STEPS_PER_WINDOW = 10
_MONOTONE_MIN_VOICED_SHARE = 0.25


@dataclass(frozen=True)
class ProsodyResult:
    """Pitch and loudness of one recording.

    pitch_mean_hz : mean F0 of voiced frames, Hz; None without enough voiced speech
    pitch_sd_semitones : SD of F0 in semitones relative to the median F0
    pitch_range_semitones : 95th − 5th percentile of F0, semitones
    pvq : pitch-variation quotient, SD(F0 Hz) / mean(F0 Hz) (Hincks 2005)
    monotone : pvq below ``prosody.pvq_monotone`` or range below ``prosody.range_semitones_monotone``
    monotone_stretches : Event(kind="monotone") where a ``prosody.monotone_window_s`` window is flat
    loudness_mean_dbfs : energy mean of speech-active 30 ms frames, dBFS
    loudness_sd_db : SD of those frames' levels, dB
    too_quiet : median active level below ``prosody.quiet_dbfs``
    clipping_share : share of samples at or above 0.99 of full scale, 0–1
    voiced_share : voiced frames / speech-active frames, 0–1
    pitch_track : (time_s, F0 Hz or None) every 0.1 s
    loudness_track : (time_s, dBFS) every 0.1 s
    score : 0–100, see :func:`analyse_prosody`; None without enough voiced speech to measure
    """

    pitch_mean_hz: float | None
    pitch_sd_semitones: float | None
    pitch_range_semitones: float | None
    pvq: float | None
    monotone: bool
    monotone_stretches: tuple[Event, ...]
    loudness_mean_dbfs: float
    loudness_sd_db: float
    too_quiet: bool
    clipping_share: float
    voiced_share: float
    pitch_track: tuple[tuple[float, float | None], ...]
    loudness_track: tuple[tuple[float, float], ...]
    score: float | None


def semitones(f0_hz: np.ndarray, *, reference_hz: float) -> np.ndarray:
    """F0 in semitones above ``reference_hz`` (NaN stays NaN); same shape as ``f0_hz``."""
    return 12.0 * np.log2(np.asarray(f0_hz, dtype=np.float64) / reference_hz)


def _periodicity(samples: np.ndarray, *, sr: int, f0_hz: np.ndarray, hop_length: int) -> np.ndarray:
    """Normalised autocorrelation of each frame at its own period, shape (n_frames,), −1..1."""
    window = int(round(_PERIODICITY_WINDOW_S * sr))
    lags = np.rint(sr / np.where(np.isfinite(f0_hz) & (f0_hz > 0), f0_hz, sr)).astype(np.int64)
    y = np.asarray(samples)

    def at(idx: np.ndarray) -> np.ndarray:
        # y zero-extended on both sides, in float64, read chunk by chunk: no padded float64 copy of
        # the whole recording (150 MB for 20 minutes).
        inside = (idx >= 0) & (idx < len(y))
        return np.where(inside, y[np.clip(idx, 0, max(0, len(y) - 1))] if len(y) else 0.0, 0.0).astype(np.float64)

    starts = np.arange(len(f0_hz)) * hop_length - window // 2
    offsets = np.arange(window)
    out = np.zeros(len(f0_hz))
    # Chunks keep the (frames × window) index arrays to a few MB on long recordings.
    for i in range(0, len(f0_hz), 2000):
        idx = starts[i:i + 2000, None] + offsets[None, :]
        a = at(idx)
        b = at(idx + lags[i:i + 2000, None])
        denom = np.sqrt(np.sum(a * a, axis=1) * np.sum(b * b, axis=1))
        out[i:i + 2000] = np.sum(a * b, axis=1) / np.maximum(denom, 1e-12)
    return out


def _running_nanmedian(values: np.ndarray, *, width: int) -> np.ndarray:
    """Median of the non-NaN values in a centred window of ``width`` frames (NaN where none)."""
    half = width // 2
    padded = np.pad(values, (half, half), constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN windows are expected in pauses
        return np.nanmedian(windows, axis=1)


def _drop_short_runs(voiced: np.ndarray, *, min_frames: int) -> np.ndarray:
    edges = np.diff(np.concatenate(([0], voiced.astype(np.int8), [0])))
    out = voiced.copy()
    for s, e in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
        if e - s < min_frames:
            out[s:e] = False
    return out



# YIN holds several (frames × frame_length) arrays at once: ~0.4 GB for 3 minutes. Blocks of this
# many frames keep it to a few tens of MB for any length, with the same frames as one call.
_YIN_BLOCK_FRAMES = 3000


def _yin_in_blocks(
    y: np.ndarray, *, fmin_hz: float, fmax_hz: float, sr: int, frame_length: int, hop_length: int
) -> np.ndarray:
    """``librosa.yin(y, center=True)`` computed block by block; float64 array, shape (n_frames,).

    Remembered per read-only ``y`` (a decoded recording): the pitch track and the filled-pause
    detector ask for the same frames, and YIN is most of their cost (~1 s of CPU per 3 minutes).
    """
    key = ("yin", float(fmin_hz), float(fmax_hz), sr, frame_length, hop_length)
    return _remembered(y, key, lambda: _yin_blocks(y, fmin_hz=fmin_hz, fmax_hz=fmax_hz, sr=sr,
                                                   frame_length=frame_length, hop_length=hop_length))


def _yin_blocks(
    y: np.ndarray, *, fmin_hz: float, fmax_hz: float, sr: int, frame_length: int, hop_length: int
) -> np.ndarray:

    half = frame_length // 2
    n_frames = 1 + (len(y) + 2 * half - frame_length) // hop_length  # frames of y padded by half each side
    out = np.empty(n_frames, dtype=np.float64)
    for first in range(0, n_frames, _YIN_BLOCK_FRAMES):
        count = min(_YIN_BLOCK_FRAMES, n_frames - first)
        # This block of the padded signal (what center=True does: constant padding), built from y
        # directly: no padded copy of the whole recording.
        start = first * hop_length - half
        block = np.zeros((count - 1) * hop_length + frame_length, dtype=y.dtype)
        lo, hi = max(0, start), min(len(y), start + len(block))
        if hi > lo:
            block[lo - start : hi - start] = y[lo:hi]
        out[first : first + count] = yin(
            block, fmin_hz=fmin_hz, fmax_hz=fmax_hz, sr=sr, frame_length=frame_length, hop_length=hop_length,
        )[:count]
    out.setflags(write=False)
    return out

def pitch_track(
    samples: np.ndarray, *, sr: int, fmin_hz: float, fmax_hz: float, hop_s: float = 0.01,
    features: SignalFeatures | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """F0 of each frame, NaN where unvoiced.

    Parameters
    ----------
    samples : float array, shape (n,), mono
    sr : sample rate, Hz
    fmin_hz, fmax_hz : F0 search range, Hz
    hop_s : frame step, seconds
    features : the recording's frame measures (:class:`coach.features.frames.SignalFeatures`), if already made

    Returns
    -------
    times_s : float array, shape (n_frames,), frame centres in seconds
    f0_hz : float array, shape (n_frames,), F0 in Hz, NaN where unvoiced or an octave error
    """
    y = np.asarray(samples, dtype=np.float32)
    hop_length = max(1, int(round(hop_s * sr)))
    frame_length = int(2 ** np.ceil(np.log2(_YIN_FRAME_S * sr)))
    if len(y) == 0:
        return np.zeros(0), np.zeros(0)
    n_frames = 1 + len(y) // hop_length
    f0 = _yin_in_blocks(
        y if len(y) >= frame_length else np.pad(y, (0, frame_length - len(y))),
        fmin_hz=fmin_hz, fmax_hz=fmax_hz, sr=sr, frame_length=frame_length, hop_length=hop_length,
    )[:n_frames]
    features = features_of(samples, sr, features)
    _, level_db = features.levels(hop_s=hop_length / sr)
    n = min(len(f0), len(level_db))
    f0, level_db = f0[:n], level_db[:n]

    voiced = features.activity(hop_s=hop_length / sr)[:n] & (_periodicity(y, sr=sr, f0_hz=f0, hop_length=hop_length) >= _MIN_PERIODICITY)
    f0 = np.where(voiced, f0, np.nan)
    if np.any(voiced):
        st = semitones(f0, reference_hz=float(np.nanmedian(f0)))
        local = _running_nanmedian(st, width=int(round(_RUNNING_MEDIAN_S / hop_s)) | 1)
        voiced &= np.abs(st - local) <= _OCTAVE_JUMP_SEMITONES
        voiced = _drop_short_runs(voiced, min_frames=max(1, int(round(_MIN_VOICED_RUN_S / hop_s))))
        f0 = np.where(voiced, f0, np.nan)
    return np.arange(n) * hop_length / sr, f0


def _monotone_stretches(
    times_s: np.ndarray, st: np.ndarray, *, hop_s: float, window_s: float, max_sd_semitones: float
) -> tuple[Event, ...]:
    """Merged windows of ``window_s`` whose voiced pitch SD is below ``max_sd_semitones``."""
    width = int(round(window_s / hop_s))
    step = max(1, width // _MONOTONE_STEPS_PER_WINDOW)
    if len(st) < width or width == 0:
        return ()
    voiced = np.isfinite(st)
    v = np.where(voiced, st, 0.0)
    # Cumulative sums give every window's count, mean and SD in O(n).
    c_n = np.concatenate(([0], np.cumsum(voiced)))
    c_s = np.concatenate(([0.0], np.cumsum(v)))
    c_q = np.concatenate(([0.0], np.cumsum(v * v)))
    starts = np.arange(0, len(st) - width + 1, step)
    count = c_n[starts + width] - c_n[starts]
    total = c_s[starts + width] - c_s[starts]
    sq = c_q[starts + width] - c_q[starts]
    with np.errstate(all="ignore"):
        sd = np.sqrt(np.maximum(sq / count - (total / count) ** 2, 0.0))
    flat = (count >= _MONOTONE_MIN_VOICED_SHARE * width) & (sd < max_sd_semitones)

    spans: list[list[int]] = []
    for s in starts[flat]:
        if spans and s <= spans[-1][1]:
            spans[-1][1] = s + width
        else:
            spans.append([s, s + width])
    events = []
    for s, e in spans:
        idx = np.flatnonzero(voiced[s:e]) + s
        seg = st[idx]
        events.append(Event(kind="monotone", start=float(times_s[idx[0]]), end=float(times_s[idx[-1]] + hop_s),
                            label=f"{float(np.std(seg)):.1f} st"))
    return tuple(events)


def _ramp(x: float, *, low: float, high: float) -> float:
    """0 at x = 0, 50 at ``low``, 100 at ``high`` and above, linear in between."""
    if x <= low:
        return 50.0 * max(x, 0.0) / low if low > 0 else 50.0
    return min(100.0, 50.0 + 50.0 * (x - low) / (high - low))


def _block_track(times_s: np.ndarray, values: np.ndarray, *, hop_s: float, reduce) -> list[tuple[float, object]]:
    per = max(1, int(round(_TRACK_STEP_S / hop_s)))
    out = []
    for i in range(0, len(values), per):
        out.append((round(float(times_s[i]), 3), reduce(values[i:i + per])))
    return out


def _pitch_block(block: np.ndarray) -> float | None:
    ok = block[np.isfinite(block)]
    # A block counts as voiced when at least a third of it is; its F0 is the voiced median.
    return round(float(np.median(ok)), 2) if len(ok) * 3 >= len(block) else None


def _level_block(block: np.ndarray) -> float:
    return round(float(10.0 * np.log10(np.mean(10.0 ** (block / 10.0)))), 2)


def analyse_prosody(
    samples: np.ndarray, *, sr: int, guidelines: Guidelines, pitch: tuple[np.ndarray, np.ndarray] | None = None,
    features: SignalFeatures | None = None,
) -> ProsodyResult:
    """Pitch variety, monotone stretches and loudness of a recording.

    Parameters
    ----------
    samples : float array, shape (n,), mono in [-1, 1]
    sr : sample rate, Hz
    guidelines : thresholds under ``prosody.*``
    pitch : (times_s, f0_hz) from :func:`pitch_track` at a 0.01 s hop, if already computed
    features : the recording's frame measures (:class:`coach.features.frames.SignalFeatures`), if already made

    Returns
    -------
    ProsodyResult

    Notes
    -----
    Score (0–100) is the mean of three parts, each 0–100:

    * PVQ: 0 at 0, 50 at ``prosody.pvq_monotone``, 100 at ``prosody.pvq_lively`` and above;
    * range: 0 at 0, 50 at ``prosody.range_semitones_monotone``, 100 at ``prosody.range_semitones_good``;
    * stretches: 100 × (1 − share of voiced frames inside monotone stretches).

    So a speaker exactly at both monotone cut-offs with no flat stretch scores 67, one at the
    lively/good marks scores 100. Loudness is reported (too quiet, clipping) but not scored:
    it is a recording problem more than a delivery one. Without enough voiced speech the score is None (not measured), not 0.
    """
    hop_s = 0.01
    y = np.asarray(samples, dtype=np.float32)
    features = features_of(samples, sr, features, guidelines)
    times_s, f0 = pitch if pitch is not None else pitch_track(
        samples, sr=sr, fmin_hz=float(guidelines.value("prosody.fmin_hz")),
        fmax_hz=float(guidelines.value("prosody.fmax_hz")), hop_s=hop_s, features=features,
    )
    _, level_db = features.levels(hop_s=hop_s)
    level_db = level_db[: len(times_s)]
    active = features.activity(hop_s=hop_s)[: len(times_s)]
    # No pitch in what the pauses call silence: in a noisy room YIN finds "pitch" in the noise, which
    # read as a lively voice (pink noise at 10-15 dB SNR lifted monotone sample clips by up to 35 points).
    below = silence_below_peak_db(level_db, below_peak_db=float(guidelines.value("pauses.below_peak_db")),
                                  **noise_rule(guidelines))
    audible = level_db >= float(np.percentile(level_db, 99)) - below if level_db.size else np.zeros(0, dtype=bool)
    f0 = np.asarray(f0, dtype=float).copy()
    f0[: len(audible)][~audible] = np.nan
    voiced = np.isfinite(f0)
    voiced_share = float(voiced.sum() / active.sum()) if active.any() else 0.0

    mean_hz = sd_st = range_st = pvq = None
    stretches: tuple[Event, ...] = ()
    if voiced.sum() * hop_s >= _MIN_VOICED_S:
        f = f0[voiced]
        st_all = semitones(f0, reference_hz=float(np.median(f)))
        st = st_all[voiced]
        mean_hz = float(np.mean(f))
        sd_st = float(np.std(st))
        range_st = float(np.percentile(st, 95) - np.percentile(st, 5))
        pvq = float(np.std(f) / np.mean(f))
        stretches = _monotone_stretches(
            times_s, st_all, hop_s=hop_s,
            window_s=float(guidelines.value("prosody.monotone_window_s")),
            max_sd_semitones=float(guidelines.value("prosody.monotone_window_sd_semitones")),
        )
    pvq_low = float(guidelines.value("prosody.pvq_monotone"))
    range_low = float(guidelines.value("prosody.range_semitones_monotone"))
    monotone = pvq is not None and (pvq < pvq_low or range_st < range_low)

    if active.any():
        act = level_db[active]
        loud_mean = float(10.0 * np.log10(np.mean(10.0 ** (act / 10.0))))
        loud_sd = float(np.std(act))
        too_quiet = float(np.median(act)) < float(guidelines.value("prosody.quiet_dbfs"))
    else:
        loud_mean, loud_sd, too_quiet = float(np.max(level_db, initial=-120.0)), 0.0, True
    clip_level = float(guidelines.value("audio.clip_level"))
    clipping_share = float(np.mean(np.abs(y) >= clip_level)) if len(y) else 0.0

    score: float | None = None  # not enough voiced speech: pitch variety cannot be measured
    if pvq is not None:
        in_stretch = np.zeros(len(f0), dtype=bool)
        for ev in stretches:
            in_stretch[int(round(ev.start / hop_s)):int(round(ev.end / hop_s))] = True
        flat_share = float((in_stretch & voiced).sum() / voiced.sum())
        parts = (
            _ramp(pvq, low=pvq_low, high=float(guidelines.value("prosody.pvq_lively"))),
            _ramp(range_st, low=range_low, high=float(guidelines.value("prosody.range_semitones_good"))),
            100.0 * (1.0 - flat_share),
        )
        score = float(np.mean(parts))

    return ProsodyResult(
        pitch_mean_hz=mean_hz,
        pitch_sd_semitones=sd_st,
        pitch_range_semitones=range_st,
        pvq=pvq,
        monotone=bool(monotone),
        monotone_stretches=stretches,
        loudness_mean_dbfs=loud_mean,
        loudness_sd_db=loud_sd,
        too_quiet=bool(too_quiet),
        clipping_share=clipping_share,
        voiced_share=voiced_share,
        pitch_track=tuple(_block_track(times_s, f0, hop_s=hop_s, reduce=_pitch_block)),
        loudness_track=tuple(_block_track(times_s, level_db, hop_s=hop_s, reduce=_level_block)),
        score=round(score, 1) if score is not None else None,
    )
