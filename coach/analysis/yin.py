"""YIN fundamental-frequency estimate (de Cheveigné & Kawahara 2002) in NumPy alone.

The same computation, step for step and in the same dtypes, as ``librosa.yin(..., center=False)``
(librosa 0.11): the difference function from an FFT autocorrelation, the cumulative mean
normalised difference, the first trough under ``trough_threshold`` (else the global minimum), and
parabolic interpolation. librosa brought only cost here: importing its pitch module pulls in
``scipy.signal``, numba and llvmlite and loads four compiled kernels, 1.5–3 s of CPU and ~200 MB
before the first frame of every CLI call, for two small array loops written below in NumPy.
``numpy.fft`` instead of librosa's ``scipy.fft`` saves another 0.2 s of import; the two round
float32 transforms differently, so F0 agrees with librosa's to ~1e-6 relative, not bit for bit
(``tests/test_yin_mfcc.py``; on the 53 clips with recorded transcripts the reports are the same
but for 0.01 Hz in 9 rounded pitch-track points of 2 clips).
"""

from __future__ import annotations

import numpy as np

__all__ = ["yin"]


def _frames(y: np.ndarray, *, frame_length: int, hop_length: int) -> np.ndarray:
    """Strided view of ``y``, shape (frame_length, n_frames), as ``librosa.util.frame`` gives it."""
    n_frames = 1 + (len(y) - frame_length) // hop_length
    return np.lib.stride_tricks.as_strided(
        y, shape=(frame_length, n_frames), strides=(y.strides[0], y.strides[0] * hop_length), writeable=False
    )


def _next_fast_len(n: int) -> int:
    """Smallest 2^a 3^b 5^c >= n: what ``scipy.fft.next_fast_len(n, real=True)`` returns."""
    best = 1 << max(0, (n - 1).bit_length())
    p5 = 1
    while p5 < best:
        p3 = p5
        while p3 < best:
            p2 = p3
            while p2 < n:
                p2 *= 2
            best = min(best, p2)
            p3 *= 3
        p5 *= 5
    return best


def _autocorrelate(frames: np.ndarray, *, max_size: int) -> np.ndarray:
    """Autocorrelation of each column up to lag ``max_size - 1``, shape (max_size, n_frames)."""
    n_pad = _next_fast_len(2 * frames.shape[0] - 1)
    spectrum = np.fft.rfft(frames, n=n_pad, axis=0)
    power = spectrum.real**2 + spectrum.imag**2
    return np.fft.irfft(power, n=n_pad, axis=0)[: min(max_size, frames.shape[0])]


def _cumulative_mean_normalized_difference(frames: np.ndarray, min_period: int, max_period: int) -> np.ndarray:
    acf = _autocorrelate(frames, max_size=max_period + 1)
    # Running energy, then overwritten in place by the difference function
    # d(k) = 2 (ACF(0) - ACF(k)) - sum_{m<k} y(m)^2, with row 0 zeroed first as librosa does.
    diff = np.cumsum(np.square(frames), axis=0)
    diff[0] = 0
    diff[1 : max_period + 1] = 2 * (acf[0:1] - acf[1 : max_period + 1]) - diff[:max_period]
    k_range = np.arange(1, max_period + 1)[:, None]
    cumulative_mean = np.cumsum(diff[1 : max_period + 1], axis=0) / k_range
    denominator = cumulative_mean[min_period - 1 : max_period]
    return diff[min_period : max_period + 1] / (denominator + np.finfo(denominator.dtype).tiny)


def _parabolic_shifts(x: np.ndarray) -> np.ndarray:
    """Offset of the parabola through each point and its two neighbours along axis 0 (0 at the edges
    and wherever the vertex lies more than one bin away)."""
    shifts = np.zeros_like(x)
    a = x[2:] + x[:-2] - 2 * x[1:-1]
    b = (x[2:] - x[:-2]) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        shifts[1:-1] = np.where(np.abs(b) >= np.abs(a), 0, -b / a)
    return shifts


def _troughs(x: np.ndarray) -> np.ndarray:
    """Local minima along axis 0: lower than the previous value, not above the next one."""
    out = np.zeros(x.shape, dtype=bool)
    out[1:-1] = (x[1:-1] < x[:-2]) & (x[1:-1] <= x[2:])
    out[-1] = x[-1] < x[-2]
    out[0] = x[0] < x[1]
    return out


def yin(
    y: np.ndarray,
    *,
    fmin_hz: float,
    fmax_hz: float,
    sr: int,
    frame_length: int,
    hop_length: int,
    trough_threshold: float = 0.1,
) -> np.ndarray:
    """F0 of every frame of ``y`` (no padding: frame k starts at sample k · hop_length).

    Parameters
    ----------
    y : float array, shape (n,), n >= frame_length
    fmin_hz, fmax_hz : F0 search range, Hz
    sr : sample rate, Hz
    frame_length : samples per analysis frame
    hop_length : samples between frames
    trough_threshold : absolute threshold on the normalised difference (YIN step 4)

    Returns
    -------
    f0_hz : float64 array, shape (1 + (n - frame_length) // hop_length,)
    """
    if len(y) < frame_length:
        raise ValueError(f"yin needs at least frame_length={frame_length} samples, got {len(y)}")
    frames = _frames(np.ascontiguousarray(y), frame_length=frame_length, hop_length=hop_length)
    min_period = int(np.floor(sr / fmax_hz))
    max_period = min(int(np.ceil(sr / fmin_hz)), frame_length - 1)
    d = _cumulative_mean_normalized_difference(frames, min_period, max_period)
    shifts = _parabolic_shifts(d)
    below = _troughs(d) & (d < trough_threshold)
    period = np.argmax(below, axis=0)
    none_below = ~np.any(below, axis=0)
    period[none_below] = np.argmin(d, axis=0)[none_below]
    refined = min_period + period + np.take_along_axis(shifts, period[None, :], axis=0)[0]
    return sr / refined
