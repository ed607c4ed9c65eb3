"""YIN and MFCC in NumPy give librosa's numbers (so pitch and filler features did not change), and
the pitch and filler features no longer import librosa, numba or scipy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from coach.analysis.mfcc import _dct_matrix, mel_filterbank, mfcc
from coach.analysis.yin import yin

ROOT = Path(__file__).resolve().parent.parent
SR = 16_000
# What the analysis uses: 64 ms YIN frames (1024 samples), 10 ms hop; MFCC 32 ms window, 26 bands to 4 kHz.
YIN_ARGS = dict(fmin_hz=65.0, fmax_hz=400.0, sr=SR, frame_length=1024, hop_length=160)
MFCC_ARGS = dict(sr=SR, n_mfcc=13, n_fft=512, hop_length=160, win_length=512, n_mels=26, fmax_hz=4000.0)


def _tone(hz: float, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(SR * seconds)) / SR
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def _speech() -> np.ndarray:
    y, sr = sf.read(ROOT / "sample_audio" / "en_fillers.wav", dtype="float32", always_2d=True)
    assert sr == SR
    return y.mean(axis=1)[: 8 * SR]


@pytest.mark.parametrize("hz", [90.0, 150.0, 220.0, 330.0])
def test_yin_finds_a_pure_tone(hz):
    f0 = yin(_tone(hz), **YIN_ARGS)
    assert len(f0) == 1 + (SR - 1024) // 160
    assert np.median(f0) == pytest.approx(hz, rel=0.01)  # 1 % = 0.17 semitone: YIN's own bias at low F0


def test_yin_of_a_short_signal_is_an_error():
    with pytest.raises(ValueError, match="frame_length"):
        yin(np.zeros(100, dtype=np.float32), **YIN_ARGS)


def _signals():
    rng = np.random.default_rng(7)
    return {
        "tone": _tone(150.0),
        "noise": (0.1 * rng.standard_normal(SR)).astype(np.float32),
        "silence": np.zeros(SR, dtype=np.float32),
        "speech": _speech(),
    }


@pytest.mark.parametrize("name", ["tone", "noise", "silence", "speech"])
def test_yin_equals_librosa(name):
    librosa = pytest.importorskip("librosa")
    y = _signals()[name]
    expected = librosa.yin(y, fmin=65.0, fmax=400.0, sr=SR, frame_length=1024, hop_length=160, center=False)
    # numpy.fft and librosa's scipy.fft round float32 transforms differently: equal to ~1e-6.
    np.testing.assert_allclose(yin(y, **YIN_ARGS), expected, rtol=1e-5, atol=0)


@pytest.mark.parametrize("name", ["tone", "noise", "silence", "speech"])
def test_mfcc_equals_librosa(name):
    librosa = pytest.importorskip("librosa")
    y = _signals()[name]
    expected = librosa.feature.mfcc(y=y, sr=SR, n_mfcc=13, n_fft=512, hop_length=160, win_length=512, n_mels=26,
                                    fmax=4000.0, center=False)
    got = mfcc(y, **MFCC_ARGS)
    assert got.dtype == expected.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=5e-4)


def test_mel_filterbank_equals_librosa():
    librosa = pytest.importorskip("librosa")
    expected = librosa.filters.mel(sr=SR, n_fft=512, n_mels=26, fmax=4000.0)
    np.testing.assert_allclose(mel_filterbank(sr=SR, n_fft=512, n_mels=26, fmax_hz=4000.0), expected, rtol=1e-6)


def test_mfcc_of_a_tone_peaks_where_librosa_says():
    # Known answer without librosa: a 1 kHz tone puts its energy in one mel band, so the log-mel
    # spectrum (inverse DCT of all 26 coefficients) peaks in the band whose centre is nearest 1 kHz.
    coeffs = mfcc(_tone(1000.0), **{**MFCC_ARGS, "n_mfcc": 26})
    log_mel = _dct_matrix(26, 26).T @ coeffs[:, 10]  # orthonormal: the transpose inverts it
    weights = mel_filterbank(sr=SR, n_fft=512, n_mels=26, fmax_hz=4000.0)
    centre_hz = np.fft.rfftfreq(512, 1 / SR)[np.argmax(weights, axis=1)]
    assert abs(centre_hz[np.argmax(log_mel)] - 1000.0) <= 100.0


def test_dct_matrix_equals_scipy():
    import scipy.fft

    x = np.random.default_rng(3).standard_normal((26, 40)).astype(np.float32)
    np.testing.assert_allclose(_dct_matrix(26, 13) @ x, scipy.fft.dct(x, axis=0, type=2, norm="ortho")[:13],
                               rtol=1e-5, atol=1e-5)


def test_pitch_and_filler_features_import_neither_librosa_nor_scipy():
    code = (
        "import sys, numpy as np\n"
        "from coach.analysis.prosody import pitch_track\n"
        "from coach.analysis.filler_features import spectral_change\n"
        "t = np.arange(16000) / 16000\n"
        "y = (0.3 * np.sin(2 * np.pi * 150 * t)).astype(np.float32)\n"
        "pitch_track(y, sr=16000, fmin_hz=65, fmax_hz=400)\n"
        "spectral_change(y, sr=16000)\n"
        "print(sorted(m for m in ('librosa', 'numba', 'scipy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
