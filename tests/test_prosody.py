"""Known answers for pitch and loudness: tones, chirps, harmonic signals, silence, noise."""

from __future__ import annotations

import numpy as np
import pytest

from coach.analysis.prosody import analyse_prosody, pitch_track

SR = 16_000


def tone(f_hz: float, duration_s: float, *, rms_dbfs: float = -20.0) -> np.ndarray:
    t = np.arange(int(SR * duration_s)) / SR
    return (10 ** (rms_dbfs / 20) * np.sqrt(2) * np.sin(2 * np.pi * f_hz * t)).astype(np.float32)


def harmonic(f0_hz: np.ndarray, *, n_harmonics: int = 8, peak: float = 0.3) -> np.ndarray:
    """A buzz with the instantaneous F0 ``f0_hz`` (one value per sample), harmonics falling as 1/k."""
    phase = 2 * np.pi * np.cumsum(f0_hz) / SR
    y = sum(np.sin(k * phase) / k for k in range(1, n_harmonics + 1))
    return (peak * y / np.max(np.abs(y))).astype(np.float32)


def vibrato(f0_hz: float, duration_s: float, *, depth_semitones: float, rate_hz: float = 0.5) -> np.ndarray:
    """F0 per sample moving sinusoidally ± ``depth_semitones`` around ``f0_hz``."""
    t = np.arange(int(SR * duration_s)) / SR
    return f0_hz * 2 ** (depth_semitones * np.sin(2 * np.pi * rate_hz * t) / 12)


def test_steady_tone_is_200_hz_flat_and_monotone(guidelines):
    r = analyse_prosody(tone(200.0, 12.0), sr=SR, guidelines=guidelines)
    assert r.pitch_mean_hz == pytest.approx(200.0, abs=2.0)
    assert r.pitch_sd_semitones == pytest.approx(0.0, abs=0.05)
    assert r.pitch_range_semitones == pytest.approx(0.0, abs=0.1)
    assert r.pvq == pytest.approx(0.0, abs=0.005)
    assert r.monotone is True
    assert r.voiced_share == pytest.approx(1.0, abs=0.01)
    # One flat stretch over the whole tone.
    assert len(r.monotone_stretches) == 1
    stretch = r.monotone_stretches[0]
    assert (stretch.kind, stretch.label) == ("monotone", "0.0 st")
    assert stretch.start == pytest.approx(0.0, abs=0.1) and stretch.end == pytest.approx(12.0, abs=0.1)
    assert r.score == pytest.approx(0.0, abs=1.0)


def test_exponential_chirp_spans_an_octave(guidelines):
    # 150 → 300 Hz, geometric, so semitones rise linearly from 0 to 12: the 5th–95th
    # percentile range is 0.9 × 12 = 10.8 st, the SD that of a uniform 12 st spread (12/√12).
    t = np.arange(4 * SR) / SR
    r = analyse_prosody(harmonic(150.0 * 2 ** (t / 4.0)), sr=SR, guidelines=guidelines)
    assert r.pitch_range_semitones == pytest.approx(10.8, abs=0.3)
    assert r.pitch_sd_semitones == pytest.approx(12 / np.sqrt(12), abs=0.1)
    assert r.pitch_mean_hz == pytest.approx(150.0 / np.log(2), abs=2.0)  # mean of 150·2^(t/4) over 4 s
    assert r.monotone is False


def test_semitone_statistics_do_not_depend_on_voice_height(guidelines):
    low = analyse_prosody(harmonic(vibrato(120.0, 4.0, depth_semitones=2.0)), sr=SR, guidelines=guidelines)
    high = analyse_prosody(harmonic(vibrato(240.0, 4.0, depth_semitones=2.0)), sr=SR, guidelines=guidelines)
    # A sinusoid of ±2 st has SD 2/√2 st, whatever the mean F0.
    assert low.pitch_sd_semitones == pytest.approx(2 / np.sqrt(2), abs=0.05)
    assert high.pitch_sd_semitones == pytest.approx(low.pitch_sd_semitones, abs=0.02)
    assert high.pitch_range_semitones == pytest.approx(low.pitch_range_semitones, abs=0.05)
    assert high.pvq == pytest.approx(low.pvq, abs=0.002)
    assert high.pitch_mean_hz == pytest.approx(2 * low.pitch_mean_hz, rel=0.01)


def test_silence_has_no_pitch(guidelines):
    r = analyse_prosody(np.zeros(2 * SR, dtype=np.float32), sr=SR, guidelines=guidelines)
    assert (r.pitch_mean_hz, r.pitch_sd_semitones, r.pitch_range_semitones, r.pvq) == (None, None, None, None)
    assert r.monotone is False and r.monotone_stretches == ()
    assert r.voiced_share == 0.0 and r.score is None  # not measurable: unscored, not 0
    assert all(f0 is None for _, f0 in r.pitch_track)


def test_noise_is_not_voiced(guidelines):
    noise = (0.1 * np.random.default_rng(0).standard_normal(3 * SR)).astype(np.float32)
    r = analyse_prosody(noise, sr=SR, guidelines=guidelines)
    assert r.pitch_mean_hz is None
    assert r.voiced_share == pytest.approx(0.0, abs=0.02)


@pytest.mark.parametrize("rms_dbfs, quiet", [(-20.0, False), (-40.0, True)])
def test_loudness_of_a_tone(guidelines, rms_dbfs, quiet):
    r = analyse_prosody(tone(200.0, 3.0, rms_dbfs=rms_dbfs), sr=SR, guidelines=guidelines)
    assert r.loudness_mean_dbfs == pytest.approx(rms_dbfs, abs=0.5)
    assert r.loudness_sd_db == pytest.approx(0.0, abs=0.5)
    assert r.too_quiet is quiet
    assert r.clipping_share == 0.0


def test_clipping_share_of_an_overdriven_tone(guidelines):
    # 25 Hz leaves 640 samples a period, so the sampled share is within 0.005 of the share of
    # a sine's phase where |1.5 sin| ≥ 0.99.
    t = np.arange(2 * SR) / SR
    y = np.clip(1.5 * np.sin(2 * np.pi * 25.0 * t), -1.0, 1.0).astype(np.float32)
    r = analyse_prosody(y, sr=SR, guidelines=guidelines)
    assert r.clipping_share == pytest.approx(1 - 2 / np.pi * np.arcsin(0.99 / 1.5), abs=0.005)


def test_octave_errors_are_dropped(guidelines):
    # 150 Hz with a 40 ms burst at twice the pitch: the burst is an octave jump, not intonation.
    f0 = np.full(3 * SR, 150.0)
    f0[int(1.5 * SR):int(1.54 * SR)] = 300.0
    r = analyse_prosody(harmonic(f0), sr=SR, guidelines=guidelines)
    assert r.pitch_sd_semitones == pytest.approx(0.0, abs=0.1)
    assert r.pitch_mean_hz == pytest.approx(150.0, abs=1.5)


def test_monotone_stretch_is_where_the_voice_is_flat(guidelines):
    # 15 s flat, then 15 s moving ±4 st: 10 s windows stay under 1.5 st SD until about
    # 2.5 s of the moving part is inside them, so the stretch runs from 0 to ~17.5 s.
    f0 = np.concatenate([np.full(15 * SR, 150.0), vibrato(150.0, 15.0, depth_semitones=4.0)])
    r = analyse_prosody(harmonic(f0), sr=SR, guidelines=guidelines)
    assert len(r.monotone_stretches) == 1
    stretch = r.monotone_stretches[0]
    assert stretch.start == pytest.approx(0.0, abs=0.1)
    assert 16.0 <= stretch.end <= 18.0


def test_lively_voice_scores_by_the_formula(guidelines):
    # ±4 st at 0.5 Hz for 30 s: the ideal F0 gives the PVQ and range; no flat stretch.
    f0 = vibrato(150.0, 30.0, depth_semitones=4.0)
    r = analyse_prosody(harmonic(f0), sr=SR, guidelines=guidelines)
    ideal_pvq = float(np.std(f0) / np.mean(f0))
    st = 12 * np.log2(f0 / np.median(f0))
    ideal_range = float(np.percentile(st, 95) - np.percentile(st, 5))
    assert r.pvq == pytest.approx(ideal_pvq, abs=0.005)
    assert r.pitch_range_semitones == pytest.approx(ideal_range, abs=0.2)
    assert r.monotone_stretches == () and r.monotone is False

    def ramp(x, low, high):  # the documented 0 / 50 / 100 scale
        return 50 * x / low if x <= low else min(100.0, 50 + 50 * (x - low) / (high - low))

    expected = np.mean([
        ramp(ideal_pvq, guidelines.value("prosody.pvq_monotone"), guidelines.value("prosody.pvq_lively")),
        ramp(ideal_range, guidelines.value("prosody.range_semitones_monotone"),
             guidelines.value("prosody.range_semitones_good")),
        100.0,
    ])
    assert r.score == pytest.approx(expected, abs=2.0)


def test_pitch_track_shapes_and_chart_tracks(guidelines):
    y = np.concatenate([np.zeros(SR), tone(220.0, 1.0), np.zeros(SR)]).astype(np.float32)
    times, f0 = pitch_track(y, sr=SR, fmin_hz=65.0, fmax_hz=400.0)
    assert times.shape == f0.shape == (301,)
    assert times[1] - times[0] == pytest.approx(0.01)
    assert np.isnan(f0[:90]).all() and np.isnan(f0[-90:]).all()
    assert np.nanmedian(f0[110:190]) == pytest.approx(220.0, abs=2.0)

    r = analyse_prosody(y, sr=SR, guidelines=guidelines)
    assert len(r.pitch_track) == len(r.loudness_track) == 31
    assert r.pitch_track[1][0] == pytest.approx(0.1)
    assert r.pitch_track[5][1] is None
    assert r.pitch_track[15][1] == pytest.approx(220.0, abs=2.0)
    assert r.loudness_track[15][1] == pytest.approx(-20.0, abs=0.5)


@pytest.mark.parametrize("snr_db", [20.0, 15.0, 10.0])
def test_a_flat_voice_in_a_noisy_room_stays_flat(guidelines, snr_db):
    """A 150 Hz voice in 1.5 s phrases with pauses, pink noise added: YIN finds 'pitch' in the noise of the
    pauses, which raised the score; only frames above the pauses' silence line carry pitch."""
    from coach.guidelines import Guidelines

    phrases, parts = [], []
    for _ in range(8):
        t = np.arange(int(1.5 * SR)) / SR
        phrases.append(harmonic(np.full(t.size, 150.0)) * (0.6 - 0.4 * np.cos(2 * np.pi * 4 * t)))
        parts += [phrases[-1], np.zeros(int(0.6 * SR))]
    y = np.concatenate(parts).astype(np.float64)
    spec = np.fft.rfft(np.random.default_rng(4).standard_normal(y.size))
    spec[1:] /= np.sqrt(np.arange(1, len(spec)))
    pink = np.fft.irfft(spec, y.size)
    rms = np.sqrt(np.mean(np.concatenate(phrases) ** 2))
    noisy = (y + pink / np.std(pink) * rms * 10 ** (-snr_db / 20)).astype(np.float32)
    clean = analyse_prosody(y.astype(np.float32), sr=SR, guidelines=guidelines)
    heard = analyse_prosody(noisy, sr=SR, guidelines=guidelines)
    assert heard.monotone and heard.pitch_range_semitones < 0.2
    assert heard.score == pytest.approx(clean.score, abs=1.0)
    fixed_line = Guidelines({**guidelines.rules, "pauses.above_noise_floor_db": {"value": -1000.0}})  # rule off
    assert analyse_prosody(noisy, sr=SR, guidelines=fixed_line).score > clean.score + 5
