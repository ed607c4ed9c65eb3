"""Steady sounds under the voice (a mains hum, a DC offset, low rumble): found, taken out, and the signal
measures back to those of the clean signal."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile as sf

from coach.analysis.pauses import find_silences
from coach.analysis.prosody import pitch_track
from coach.audio import load_audio
from coach.errors import NotSpeechError
from coach.features.hum import Hum, find_hum, remove_hum, without_hum
from coach.features.rumble import high_pass_gain, in_pauses, without_rumble
from coach.features.signal import noise_rule
from coach.report.pipeline import analyse
from conftest import NeverCalled

SR = 16_000
F0_HZ = 120.0
PAUSES = ((2.0, 2.8), (5.0, 5.6), (8.2, 9.2))  # silences inside the "speech", seconds


def _voice(seconds: float = 11.0) -> np.ndarray:
    """A voiced sound at 120 Hz (20 harmonics, falling in level), in syllables of 0.25 s, with three pauses."""
    t = np.arange(int(seconds * SR)) / SR
    x = sum(np.sin(2 * np.pi * F0_HZ * k * t) / k for k in range(1, 21))
    syllables = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t) ** 2
    for a, b in PAUSES:
        syllables[(t >= a) & (t < b)] = 0.0
    syllables[t < 0.3] = 0.0
    return (0.3 * x * syllables / np.max(np.abs(x))).astype(np.float64)


def _hum(n: int, mains: float, rms: float) -> np.ndarray:
    t = np.arange(n) / SR
    h = np.sin(2 * np.pi * mains * t) + 0.5 * np.sin(2 * np.pi * 3 * mains * t + 1) + 0.25 * np.sin(2 * np.pi * 5 * mains * t)
    return h * rms / np.sqrt(np.mean(h**2))


def _find(x: np.ndarray) -> Hum | None:
    return find_hum(x, sr=SR, min_prominence_db=15.0, harmonic_db=6.0, max_hz=4000.0)


def _wav(x: np.ndarray) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, x.astype(np.float32), SR, format="WAV", subtype="FLOAT")
    return buf.getvalue()


@pytest.mark.parametrize("mains", [50.0, 60.0])
def test_a_hum_is_found_at_its_frequency_and_clean_speech_has_none(mains):
    voice = _voice()
    assert _find(voice) is None
    hum = _find(voice + _hum(voice.size, mains, rms=0.03))
    assert hum is not None and hum.fundamental_hz == pytest.approx(mains, abs=0.05)
    assert [round(f / mains) for f in hum.harmonics_hz[:3]] == [1, 3, 5]


def test_taking_out_nothing_gives_the_samples_back():
    x = np.random.default_rng(3).normal(0.0, 0.1, 3 * SR).astype(np.float32)
    assert np.max(np.abs(remove_hum(x, Hum(50.0, (), 40.0), sr=SR) - x)) < 1e-6


def test_the_pitch_and_the_pauses_come_back_once_the_hum_is_taken_out(guidelines):
    voice = _voice()
    noisy = (voice + _hum(voice.size, 60.0, rms=0.06)).astype(np.float32)  # about as loud as the voice

    def measures(x: np.ndarray) -> tuple[float, int]:
        _, f0 = pitch_track(x, sr=SR, fmin_hz=60.0, fmax_hz=400.0)
        pauses = find_silences(x, sr=SR, min_pause_s=0.3, below_peak_db=float(guidelines.value("pauses.below_peak_db")),
                               **noise_rule(guidelines))
        return float(np.nanmedian(f0)), len(pauses)

    assert measures(voice.astype(np.float32)) == (pytest.approx(F0_HZ, rel=0.02), len(PAUSES))
    with_hum_f0, with_hum_pauses = measures(noisy)
    assert with_hum_pauses != len(PAUSES) or abs(with_hum_f0 - F0_HZ) > 0.05 * F0_HZ  # the hum does move them
    cleaned, hum = without_hum(noisy, sr=SR, guidelines=guidelines)
    assert hum is not None and hum.level_dbfs == pytest.approx(20 * np.log10(0.06), abs=0.5)
    assert measures(cleaned) == (pytest.approx(F0_HZ, rel=0.02), len(PAUSES))


def test_a_loud_hum_is_reported_and_a_faint_one_left_alone(guidelines):
    voice = _voice()
    loud = load_audio(_wav(voice + _hum(voice.size, 50.0, rms=0.03)))
    assert [n.code for n in loud.notices] == ["hum"]
    faint_samples = (voice + _hum(voice.size, 50.0, rms=0.3 * 10 ** (-55 / 20))).astype(np.float32)
    faint = load_audio(_wav(faint_samples))
    assert faint.notices == () and np.array_equal(faint.samples, faint_samples)


def test_a_hum_with_no_speech_under_it_is_refused_before_the_recogniser(settings):

    with pytest.raises(NotSpeechError):
        analyse(_wav(_hum(6 * SR, 50.0, rms=0.1)), settings=settings, lang="id", transcriber=NeverCalled())


def _measures(x: np.ndarray, guidelines) -> tuple[float, int]:
    """(median pitch in Hz, pauses found) of ``x``."""
    _, f0 = pitch_track(x, sr=SR, fmin_hz=60.0, fmax_hz=400.0)
    pauses = find_silences(x, sr=SR, min_pause_s=0.3, below_peak_db=float(guidelines.value("pauses.below_peak_db")),
                           **noise_rule(guidelines))
    return float(np.nanmedian(f0)) if np.isfinite(f0).any() else float("nan"), len(pauses)


def test_the_high_pass_keeps_the_voice_band_and_stops_the_rumble():
    gain = high_pass_gain(sr=SR, cutoff_hz=120.0)
    freqs = np.arange(gain.size) * SR / (2 * (gain.size - 1))
    assert np.all(gain[freqs <= 60.0] == 0.0) and np.all(gain[freqs >= 120.0] == 1.0)
    assert np.all(np.diff(gain) >= 0.0)


def test_a_dc_offset_fills_the_pauses_until_it_is_filtered_out(guidelines):
    voice = _voice()
    shifted = (voice + 0.2).astype(np.float32)
    assert in_pauses(voice, sr=SR, cutoff_hz=120.0)[1] < -100  # (digital silence in the pauses)
    assert _measures(shifted, guidelines)[1] == 0  # every pause sounds
    cleaned, level = without_rumble(shifted, sr=SR, guidelines=guidelines)
    assert level == pytest.approx(20 * np.log10(0.2), abs=1.0)
    assert abs(float(np.mean(cleaned[SR:-SR]))) < 1e-3
    assert _measures(cleaned, guidelines) == (pytest.approx(F0_HZ, rel=0.02), len(PAUSES))
    assert without_rumble(voice.astype(np.float32), sr=SR, guidelines=guidelines)[1] is None


def test_low_rumble_is_filtered_out_and_reported(guidelines):
    from scipy.signal import butter, sosfilt

    voice = _voice()
    rumble = sosfilt(butter(4, 60, "low", fs=SR, output="sos"), np.random.default_rng(5).normal(size=voice.size))
    rumble *= 0.03 / np.sqrt(np.mean(rumble**2))
    audio = load_audio(_wav(voice + rumble))
    assert [n.code for n in audio.notices] == ["low_rumble"]
    assert _measures(audio.samples, guidelines) == (pytest.approx(F0_HZ, rel=0.02), len(PAUSES))
