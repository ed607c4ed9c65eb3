"""Mel-frequency cepstral coefficients in NumPy alone.

The same computation, in the same dtypes, as ``librosa.feature.mfcc(..., center=False)``
(librosa 0.11, its defaults: periodic Hann window, power spectrum, Slaney mel scale and area
normalisation, ``power_to_db`` with ``top_db=80`` against the call's own maximum, orthonormal
DCT-II, here as a small matrix). Written here so that an analysis does not import librosa (and
with it ``scipy.signal`` and numba: seconds per CLI call) for one spectrum, one matrix product and
one DCT. ``tests/test_yin_mfcc.py`` checks the result against librosa's (equal to float32
rounding: ``numpy.fft`` and ``scipy.fft`` round float32 transforms differently).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["mel_filterbank", "mfcc"]

# Slaney's mel scale (Auditory Toolbox): linear below 1 kHz, logarithmic above.
_F_SP = 200.0 / 3
_MIN_LOG_HZ = 1000.0
_MIN_LOG_MEL = _MIN_LOG_HZ / _F_SP
_LOGSTEP = np.log(6.4) / 27.0


def _hz_to_mel(hz: float) -> float:
    return _MIN_LOG_MEL + np.log(hz / _MIN_LOG_HZ) / _LOGSTEP if hz >= _MIN_LOG_HZ else hz / _F_SP


def _mel_to_hz(mels: np.ndarray) -> np.ndarray:
    hz = _F_SP * mels
    log_t = mels >= _MIN_LOG_MEL
    hz[log_t] = _MIN_LOG_HZ * np.exp(_LOGSTEP * (mels[log_t] - _MIN_LOG_MEL))
    return hz


@lru_cache(maxsize=8)
def mel_filterbank(*, sr: int, n_fft: int, n_mels: int, fmin_hz: float = 0.0, fmax_hz: float) -> np.ndarray:
    """Triangular mel filters with Slaney area normalisation, float32, shape (n_mels, 1 + n_fft // 2).

    Read-only (shared between calls)."""
    fft_hz = np.fft.rfftfreq(n=n_fft, d=1.0 / sr)
    mel_hz = _mel_to_hz(np.linspace(_hz_to_mel(fmin_hz), _hz_to_mel(fmax_hz), n_mels + 2))
    fdiff = np.diff(mel_hz)
    ramps = np.subtract.outer(mel_hz, fft_hz)
    weights = np.zeros((n_mels, 1 + n_fft // 2), dtype=np.float32)
    for i in range(n_mels):
        weights[i] = np.maximum(0, np.minimum(-ramps[i] / fdiff[i], ramps[i + 2] / fdiff[i + 1]))
    weights *= (2.0 / (mel_hz[2 : n_mels + 2] - mel_hz[:n_mels]))[:, np.newaxis]
    weights.flags.writeable = False
    return weights


@lru_cache(maxsize=8)
def _dct_matrix(n: int, n_out: int) -> np.ndarray:
    """Orthonormal DCT-II as a matrix, float32, shape (n_out, n): rows 0..n_out-1."""
    k = np.arange(n_out)[:, None]
    m = np.arange(n)[None, :]
    basis = np.cos(np.pi * k * (2 * m + 1) / (2 * n)) * np.sqrt(2.0 / n)
    basis[0] /= np.sqrt(2.0)
    basis = basis.astype(np.float32)
    basis.flags.writeable = False
    return basis


def _hann(win_length: int, n_fft: int) -> np.ndarray:
    """Periodic Hann window (as ``scipy.signal.get_window('hann', N)``), zero-padded to n_fft, centred."""
    fac = np.linspace(-np.pi, np.pi, win_length + 1)
    window = np.zeros(win_length + 1)
    for k, a in enumerate((0.5, 0.5)):
        window += a * np.cos(k * fac)
    lpad = (n_fft - win_length) // 2
    return np.pad(window[:-1], (lpad, n_fft - win_length - lpad))


def mfcc(
    y: np.ndarray,
    *,
    sr: int,
    n_mfcc: int,
    n_fft: int,
    hop_length: int,
    win_length: int,
    n_mels: int,
    fmax_hz: float,
    top_db: float = 80.0,
) -> np.ndarray:
    """MFCCs 0..n_mfcc-1 of every frame of ``y`` (no padding: frame k starts at k · hop_length).

    Parameters
    ----------
    y : float32 array, shape (n,), n >= n_fft
    sr : sample rate, Hz
    n_mfcc : coefficients kept
    n_fft, hop_length, win_length : FFT size, frame step and window length, samples
    n_mels : mel bands, 0 Hz to ``fmax_hz``
    top_db : log-mel values are floored at this many dB below the maximum of this call

    Returns
    -------
    float32 array, shape (n_mfcc, 1 + (n - n_fft) // hop_length)
    """
    y = np.ascontiguousarray(y)
    if len(y) < n_fft:
        raise ValueError(f"mfcc needs at least n_fft={n_fft} samples, got {len(y)}")
    n_frames = 1 + (len(y) - n_fft) // hop_length
    frames = np.lib.stride_tricks.as_strided(
        y, shape=(n_fft, n_frames), strides=(y.strides[0], y.strides[0] * hop_length), writeable=False
    )
    # The spectrum is stored at the input's complex precision (complex64 for float32), as librosa does.
    spectrum = np.empty((1 + n_fft // 2, n_frames), dtype=np.result_type(y.dtype, np.complex64), order="F")
    spectrum[:] = np.fft.rfft(_hann(win_length, n_fft)[:, None] * frames, axis=0)
    power = np.abs(spectrum) ** 2.0
    mel = np.einsum("ft,mf->mt", power, mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmax_hz=fmax_hz),
                    optimize=True)
    log_mel = 10.0 * np.log10(np.maximum(1e-10, mel))
    log_mel -= 10.0 * np.log10(np.maximum(1e-10, 1.0))
    log_mel = np.maximum(log_mel, log_mel.max() - top_db)
    return (_dct_matrix(n_mels, n_mfcc) @ log_mel).astype(np.float32, copy=False)
