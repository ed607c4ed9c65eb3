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
    the hum check measures the recording's levels before its features are made (and they are remembered).

    (A mask over a level track already measured, ``activity_mask``, may still be drawn where an
    analysis trims the track first, as prosody does.)"""
    allowed = {"coach/features/signal.py", "coach/features/frames.py", "coach/features/hum.py", "coach/asr/clips.py"}
    found = []
    for path in (REPO / "coach").rglob("*.py"):
        rel = path.relative_to(REPO).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel not in allowed and any(f"{name}(" in text for name in ("frame_levels_db", "spectral_flatness")):
            found.append(rel)
    assert not found, found
