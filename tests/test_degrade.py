"""The recording conditions of benchmarks/conditions.py do what they say: a room's decay, the
telephone band, and Opus that keeps a tone's level and length."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import degrade  # noqa: E402

from coach.audio import decode  # noqa: E402

SR = degrade.SR


def _tone(hz: float, seconds: float = 1.0, amp: float = 0.3) -> np.ndarray:
    return amp * np.sin(2 * np.pi * hz * np.arange(int(seconds * SR)) / SR)


def test_the_room_tail_decays_60_db_in_its_rt60():
    click = np.zeros(SR)
    click[0] = 0.5
    wet = degrade.room(click, "click").astype(np.float64)
    energy = np.cumsum((wet[1:] ** 2)[::-1])[::-1]  # Schroeder backward integral of the tail
    decay_db = 10 * np.log10(energy / energy[0])
    t_20 = np.argmax(decay_db <= -20) / SR  # T20 extrapolated, as rooms are measured
    assert 3 * t_20 == pytest.approx(degrade.ROOM_RT60_S, rel=0.15)


def test_the_room_keeps_the_level_and_length():
    x = _tone(220)
    y = degrade.room(x, "tone")
    assert y.size == x.size
    assert np.sqrt(np.mean(y ** 2)) == pytest.approx(np.sqrt(np.mean(x ** 2)), rel=0.05)


def test_the_phone_band_drops_100_hz_and_keeps_1_khz():
    low = degrade.phone(_tone(100) + _tone(1000), "mix").astype(np.float64)
    spectrum = np.abs(np.fft.rfft(low))
    hz = np.fft.rfftfreq(low.size, 1 / SR)
    at = lambda f: spectrum[np.argmin(np.abs(hz - f))]  # noqa: E731
    assert 20 * np.log10(at(1000) / at(100)) > 25


def test_opus_keeps_a_tones_level_and_length(tmp_path):
    x = _tone(440, 2.0, 0.5)
    path = tmp_path / "tone.ogg"
    degrade.write_opus(x, path)
    y = decode(path)
    assert y.size == x.size
    assert np.sqrt(np.mean(y[SR // 4:-SR // 4] ** 2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.05)


def test_the_browsers_voice_processing_suppresses_steady_noise_and_raises_quiet_speech():
    """WebRTC's noise suppression and automatic gain, as a browser runs them on its microphone: a quiet
    speech clip in steady noise comes out louder, with the noise between words far lower against it."""
    speech = 0.1 * decode(Path(__file__).resolve().parent.parent / "sample_audio" / "id_clean.wav")
    noise = 0.002 * np.random.default_rng(0).standard_normal(speech.size + 2 * SR)
    x = noise.copy()
    x[2 * SR:] += speech  # 2 s of noise alone, then the speech in the same noise
    y = degrade.browser(x, "noisy").astype(np.float64)
    assert y.size == x.size
    rms = lambda z: float(np.sqrt(np.mean(z ** 2)))  # noqa: E731
    before = 20 * np.log10(rms(x[2 * SR:]) / rms(x[SR:2 * SR]))  # speech part over noise alone
    after = 20 * np.log10(rms(y[2 * SR:]) / rms(y[SR:2 * SR]))
    assert after - before > 10
    assert rms(y[2 * SR:]) > 2 * rms(x[2 * SR:])  # the gain lifted quiet speech
