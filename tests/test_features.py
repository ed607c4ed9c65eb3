"""The signal's frame measures are computed once per recording and handed to every analysis."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
from conftest import SAMPLES, RecordedTranscriber

import coach.features.frames as frames
from coach.audio import load_audio
from coach.features.frames import SignalFeatures, features_of
from coach.features.signal import activity_mask, frame_levels_db
from coach.report.pipeline import analyse
from coach.types import Audio

REPO = Path(__file__).resolve().parents[1]


def test_each_measure_is_computed_once_per_recording(settings, monkeypatch) -> None:
    engine = RecordedTranscriber()  # (it decodes every sample clip to know them)
    calls: Counter = Counter()
    levels, flatness = frames.frame_levels_db, frames.spectral_flatness

    def counted_levels(samples, *, sr, frame_s=0.03, hop_s=0.01):
        calls["levels", frame_s, hop_s] += 1
        return levels(samples, sr=sr, frame_s=frame_s, hop_s=hop_s)

    def counted_flatness(samples, *, sr, frame_s=0.03, hop_s=0.01):
        calls["flatness", frame_s, hop_s] += 1
        return flatness(samples, sr=sr, frame_s=frame_s, hop_s=hop_s)

    monkeypatch.setattr(frames, "frame_levels_db", counted_levels)
    monkeypatch.setattr(frames, "spectral_flatness", counted_flatness)
    report = analyse((SAMPLES / "id_fillers.wav").read_bytes(), settings=settings, transcriber=engine, lang="id")
    assert report.fillers.count > 0
    # the audio check, skipped speech, pauses, pitch, prosody, nuclei and the filler track share these
    assert calls[("levels", 0.03, 0.01)] == 1 and calls[("flatness", 0.03, 0.01)] == 1
    assert set(calls.values()) == {1}, calls


def test_features_match_the_signal_functions_and_are_read_only() -> None:
    audio = load_audio(SAMPLES / "id_clean.wav")
    f = audio.features
    assert f.samples is audio.samples and f.levels() is f.levels()
    times, level = frame_levels_db(audio.samples, sr=audio.sr)
    assert np.array_equal(f.levels()[1], level) and np.array_equal(f.levels()[0], times)
    assert np.array_equal(f.activity(), activity_mask(level))
    assert not f.activity().flags.writeable and not f.flatness().flags.writeable
    assert f.activity(below_peak_db=10.0) is not f.activity()  # another threshold, another mask
    assert f.activity(below_peak_db=10.0).sum() < f.activity().sum()


def test_an_audio_keeps_features_only_for_its_own_samples() -> None:
    samples = np.zeros(1600, dtype=np.float32)
    other = SignalFeatures(np.ones(1600, dtype=np.float32), 16_000)
    assert Audio(samples, 16_000, features=other).features is not other
    mine = SignalFeatures(samples, 16_000)
    assert Audio(samples, 16_000, features=mine).features is mine
    assert features_of(samples, 8_000, mine) is not mine


def test_analyses_read_frames_through_the_features() -> None:
    """Only coach/features (and the batched decoder's clip planner, which sees samples only) measure frames;
    the hum and rumble checks measure the recording's loud level before its features are made (and it is remembered).

    (A mask over a level track already measured, ``activity_mask``, may still be drawn where an
    analysis trims the track first, as prosody does.)"""
    allowed = {"coach/features/signal.py", "coach/features/frames.py", "coach/features/spectra.py", "coach/asr/clips.py"}
    found = []
    for path in (REPO / "coach").rglob("*.py"):
        rel = path.relative_to(REPO).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel not in allowed and any(f"{name}(" in text for name in ("frame_levels_db", "spectral_flatness")):
            found.append(rel)
    assert not found, found


def test_a_quiet_recording_is_measured_as_the_same_recording_played_louder(guidelines) -> None:
    """en_fillers 30 dB quieter (loud level about −33 dBFS): the same pauses, syllables and pitch."""
    import soundfile as sf

    from coach.analysis.pauses import find_silences
    from coach.analysis.prosody import analyse_prosody, pitch_track
    from coach.analysis.syllable_nuclei import find_syllable_nuclei, nuclei_options
    from coach.features.signal import noise_rule

    x, sr = sf.read(SAMPLES / "en_fillers.wav", dtype="float32")

    def measures(samples: np.ndarray) -> tuple:
        samples.setflags(write=False)
        features = SignalFeatures(samples, sr, guidelines)
        pauses = find_silences(samples, sr=sr, min_pause_s=0.3, below_peak_db=float(guidelines.value("pauses.below_peak_db")),
                               features=features, **noise_rule(guidelines))
        pitch = pitch_track(samples, sr=sr, fmin_hz=float(guidelines.value("prosody.fmin_hz")),
                            fmax_hz=float(guidelines.value("prosody.fmax_hz")), features=features)
        prosody = analyse_prosody(samples, sr=sr, guidelines=guidelines, pitch=pitch, features=features)
        nuclei = find_syllable_nuclei(samples, sr=sr, pitch=pitch, features=features, **nuclei_options(guidelines, "en"))
        return len(pauses), len(nuclei.times_s), round(prosody.pitch_sd_semitones, 2)

    assert measures(x.copy())[1] > 50  # (syllables found at all)
    assert measures((x * 10 ** (-30 / 20)).astype(np.float32)) == measures(x.copy())


def test_the_activity_floor_is_the_guidelines_the_features_were_made_with(guidelines) -> None:
    from coach.guidelines import Guidelines

    levels = np.full(100, -70.0)
    levels[:50] = -60.0
    samples = np.zeros(1600, dtype=np.float32)
    strict = Guidelines({**guidelines.rules, "signal.activity_floor_dbfs": {"value": -65.0}})
    assert SignalFeatures(samples, 16_000, strict)._floor_dbfs == -65.0
    assert activity_mask(levels, below_peak_db=25.0, floor_dbfs=-65.0).sum() == 50
    assert SignalFeatures(samples, 16_000)._floor_dbfs == float(guidelines.value("signal.activity_floor_dbfs"))
