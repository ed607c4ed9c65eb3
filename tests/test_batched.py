"""Batched decoding (clips cut in pauses that cover all the sound, the setting that turns it on) and
segments handed on as they are decoded (the waiting page shows the transcript so far)."""

from __future__ import annotations

import numpy as np
import pytest

from coach.asr.clips import around_silences, as_clip_timestamps, plan_clips
from coach.asr.transcribe import decodes_in_batches
from coach.config import load_settings

SR = 16_000


def _voice(seconds: float, seed: int) -> np.ndarray:
    """Speech-like sound: a 140 Hz buzz whose loudness pulses at 4 Hz (syllables)."""
    t = np.arange(int(seconds * SR)) / SR
    buzz = sum(np.sin(2 * np.pi * 140 * k * t + seed) / k for k in range(1, 6))
    return (0.1 * buzz * (0.6 - 0.4 * np.cos(2 * np.pi * 4 * t))).astype(np.float32)


def _speech_with_pauses(layout: list[tuple[str, float]]) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """("talk" | "pause", seconds) in order; returns the samples and the true pauses (start_s, end_s)."""
    rng = np.random.default_rng(0)
    parts, pauses, t = [], [], 0.0
    for i, (kind, seconds) in enumerate(layout):
        if kind == "talk":
            parts.append(_voice(seconds, i))
        else:
            parts.append((1e-4 * rng.standard_normal(int(seconds * SR))).astype(np.float32))
            pauses.append((t, t + seconds))
        t += seconds
    return np.concatenate(parts), pauses


def _check_cover(clips, samples, max_clip_s=30.0):
    assert all(b - a <= max_clip_s for a, b in clips), clips
    assert all(a < b for a, b in clips)
    assert all(b0 <= a1 for (_, b0), (a1, _) in zip(clips, clips[1:]))


def test_a_short_recording_is_one_clip():
    samples, _ = _speech_with_pauses([("talk", 12.0), ("pause", 1.0), ("talk", 8.0)])
    assert plan_clips(samples, sr=SR) == ((0.0, 21.0),)


def test_cuts_fall_in_the_pauses_and_nothing_is_dropped():
    # 95 s: pauses of 0.4–1.2 s at known times; every clip must end inside one of them.
    layout = [("talk", 9.0), ("pause", 0.6), ("talk", 11.0), ("pause", 1.2), ("talk", 7.0), ("pause", 0.4),
              ("talk", 14.0), ("pause", 0.8), ("talk", 10.0), ("pause", 1.0), ("talk", 12.0), ("pause", 0.5),
              ("talk", 16.0), ("pause", 0.7), ("talk", 10.8)]
    samples, pauses = _speech_with_pauses(layout)
    clips = plan_clips(samples, sr=SR)
    _check_cover(clips, samples)
    assert clips[0][0] == 0.0 and clips[-1][1] == pytest.approx(len(samples) / SR, abs=0.01)
    # Contiguous: no sound between clips is skipped.
    assert all(b0 == a1 for (_, b0), (a1, _) in zip(clips, clips[1:]))
    for _, end in clips[:-1]:
        assert any(a < end < b for a, b in pauses), (end, pauses)
    # The longest pause in reach is preferred: the first cut is the 1.2 s pause at 20.6–21.8 s.
    assert 20.6 < clips[0][1] < 21.8


def test_speech_without_a_pause_is_cut_at_its_quietest_point_within_30_s():
    samples = _voice(70.0, 1)
    dip = int(25.0 * SR)
    samples[dip: dip + SR // 10] *= 0.05  # one quiet 100 ms at 25 s
    clips = plan_clips(samples, sr=SR)
    _check_cover(clips, samples)
    assert clips[0][1] == pytest.approx(25.05, abs=0.06)
    assert clips[-1][1] == pytest.approx(70.0, abs=0.01)


def test_a_silent_stretch_is_left_out_but_speech_detector_spans_keep_theirs():
    samples, _ = _speech_with_pauses([("talk", 20.0), ("pause", 40.0), ("talk", 20.0)])
    clips = plan_clips(samples, sr=SR)
    _check_cover(clips, samples)
    covered = sum(b - a for a, b in clips)
    assert covered < 80.0 - 15.0  # a clip of pure silence was skipped
    assert clips[0][0] == 0.0 and clips[-1][1] == pytest.approx(80.0, abs=0.01)
    # Where the speech detector heard speech the signal alone did not (a whisper), it is kept.
    with_spans = plan_clips(samples, sr=SR, speech_spans=[(35.0, 36.0)])
    assert any(a <= 35.0 and 36.0 <= b for a, b in with_spans)


def test_the_clips_never_hold_more_samples_than_the_recording():
    # faster-whisper converts clip times to samples and asserts they do not add up past the end.
    samples, _ = _speech_with_pauses([("talk", 40.0), ("pause", 1.0), ("talk", 31.0)])
    samples = np.concatenate([samples, _voice(0.0127, 3)])  # not a whole number of 10 ms frames
    clips = plan_clips(samples, sr=SR)
    assert len(clips) >= 3
    assert sum(int(b * SR) - int(a * SR) for a, b in clips) <= len(samples)
    assert clips[-1][1] == len(samples) / SR


def test_long_silences_are_left_out_of_what_whisper_hears_and_short_pauses_are_not():
    # 4 s of silence first, talk, a 1.2 s pause, talk, 6 s of silence, talk, 2 s of silence at the end.
    samples, _ = _speech_with_pauses([("pause", 4.0), ("talk", 8.0), ("pause", 1.2), ("talk", 5.0), ("pause", 6.0),
                                      ("talk", 7.0), ("pause", 2.0)])
    clips = around_silences(samples, sr=SR, min_silence_s=3.0)
    assert len(clips) == 2
    (a0, b0), (a1, b1) = clips
    assert 3.6 <= a0 <= 4.0  # the opening silence left out but for 0.3 s before the talk
    assert 18.4 <= b0 <= 18.6 and 23.8 <= a1 <= 24.0  # the 6 s silence (18.2-24.2 s) left out, 0.3 s kept each side
    assert b1 == pytest.approx(samples.size / SR)  # the closing 2 s pause is short: kept
    assert around_silences(samples[int(4.0 * SR): int(18.2 * SR)], sr=SR, min_silence_s=3.0) is None  # heard whole
    # speech the speech detector heard in a silence keeps that stretch
    assert around_silences(samples, sr=SR, min_silence_s=3.0, speech_spans=[(20.0, 21.0)])[0][1] > 21.0


def test_clip_times_leave_the_recordings_end_to_the_engine():
    # openai-whisper looped forever on a last clip ending at the last frame (openai/whisper pull request 2005)
    assert as_clip_timestamps([(0.0, 4.0), (9.0, 12.5)], 12.5) == [0.0, 4.0, 9.0]
    assert as_clip_timestamps([(0.0, 4.0), (9.0, 11.0)], 12.5) == [0.0, 4.0, 9.0, 11.0]


def test_nothing_for_an_empty_recording():
    assert plan_clips(np.zeros(0, dtype=np.float32), sr=SR) == ()


@pytest.mark.parametrize("mode, duration_s, vad, expected", [
    ("off", 3600.0, False, False),
    ("on", 20.0, False, True),
    ("auto", 599.0, False, False),
    ("auto", 600.0, False, True),
    ("on", 900.0, True, False),  # the VAD filter picks its own clips: never both
])
def test_when_a_recording_is_decoded_in_batches(mode, duration_s, vad, expected):
    assert decodes_in_batches(mode, duration_s=duration_s, min_s=600.0, vad_filter=vad) is expected


def test_batched_settings_from_the_environment(monkeypatch):
    assert (load_settings().batched, load_settings().batched_min_s, load_settings().batch_size) == ("auto", 600.0, 4)
    monkeypatch.setenv("WICARA_BATCHED", "auto")
    monkeypatch.setenv("WICARA_BATCHED_MIN_S", "300")
    s = load_settings()
    assert (s.batched, s.batched_min_s) == ("auto", 300.0)


# ---------------------------------------------------------------- the engine, on a stand-in model

class _FakeWord:
    def __init__(self, word, start, end):
        self.word, self.start, self.end, self.probability = word, start, end, 0.9


class _FakeSegment:
    def __init__(self, text, start, end):
        self.text, self.start, self.end = text, start, end
        self.words = [_FakeWord(" " + w, start + i * 0.3, start + i * 0.3 + 0.25) for i, w in enumerate(text.split())]


class _FakeModel:
    """What FasterWhisperTranscriber uses of faster_whisper.WhisperModel."""

    calls: list = []

    def __init__(self, *args, **kwargs):
        pass

    def transcribe(self, samples, **kwargs):
        _FakeModel.calls.append(("sequential", kwargs))
        return iter([_FakeSegment("One two.", 0.0, 1.0), _FakeSegment("Three four.", 2.0, 3.0)]), None


class _FakePipeline:
    def __init__(self, model):
        self.model = model

    def transcribe(self, samples, **kwargs):
        _FakeModel.calls.append(("batched", kwargs))
        return iter([_FakeSegment(f"Clip {i}.", c["start"], c["end"]) for i, c in enumerate(kwargs["clip_timestamps"])]), None


@pytest.fixture
def fake_engine(monkeypatch):
    import faster_whisper

    from coach.asr.transcribe import FasterWhisperTranscriber

    monkeypatch.setattr(faster_whisper, "WhisperModel", _FakeModel)
    monkeypatch.setattr(faster_whisper, "BatchedInferencePipeline", _FakePipeline)
    _FakeModel.calls = []
    return lambda **kw: FasterWhisperTranscriber("unused", **kw)


def test_each_segment_is_handed_on_as_soon_as_it_is_decoded(fake_engine):
    heard = []
    segments = fake_engine().transcribe(np.zeros(4 * SR, dtype=np.float32), language="en",
                                        on_segment=lambda s: heard.append((s.text, len(_FakeModel.calls))))
    assert heard == [("One two.", 1), ("Three four.", 1)]
    assert [s.text for s in segments] == ["One two.", "Three four."]
    assert _FakeModel.calls[0][0] == "sequential" and _FakeModel.calls[0][1]["vad_filter"] is False


def test_batched_mode_decodes_the_planned_clips(fake_engine):
    samples, _ = _speech_with_pauses([("talk", 25.0), ("pause", 1.0), ("talk", 25.0), ("pause", 1.0), ("talk", 10.0)])
    engine = fake_engine(batched="auto", batched_min_s=60.0, batch_size=4)
    segments = engine.transcribe(samples, language="id")
    mode, kwargs = _FakeModel.calls[-1]
    assert mode == "batched" and kwargs["batch_size"] == 4 and kwargs["word_timestamps"] is True
    clips = plan_clips(samples, sr=SR)
    assert [(c["start"], c["end"]) for c in kwargs["clip_timestamps"]] == list(clips) and len(clips) == 3
    assert "vad_filter" not in kwargs  # the clips are Wicara's; faster-whisper's VAD is not used
    assert [s.text for s in segments] == ["Clip 0.", "Clip 1.", "Clip 2."]
    engine.transcribe(samples[: 50 * SR], language="id")  # under batched_min_s: sequential
    assert _FakeModel.calls[-1][0] == "sequential"


def test_a_decode_in_batches_hears_only_the_stretches_it_is_given(fake_engine):
    samples, _ = _speech_with_pauses([("talk", 25.0), ("pause", 1.0), ("talk", 25.0), ("pause", 20.0), ("talk", 20.0)])
    engine = fake_engine(batched="on")
    engine.transcribe(samples, language="id")
    whole = [(c["start"], c["end"]) for c in _FakeModel.calls[-1][1]["clip_timestamps"]]
    assert whole == list(plan_clips(samples, sr=SR))  # no stretches given: as before
    stretches = around_silences(samples, sr=SR, min_silence_s=3.0)
    assert len(stretches) == 2
    engine.transcribe(samples, language="id", clips=stretches)
    clips = [(c["start"], c["end"]) for c in _FakeModel.calls[-1][1]["clip_timestamps"]]
    _check_cover(clips, samples)
    assert all(any(a >= s0 - 1e-6 and b <= s1 + 1e-6 for s0, s1 in stretches) for a, b in clips)
    assert clips[-1][1] <= samples.size / SR and len(clips) >= 3


def test_transcribe_gives_segments_only_to_engines_that_stream():
    from coach.asr.transcribe import transcribe
    from coach.types import Audio, Segment, Word

    class Plain:
        name = "plain"

        def language_probabilities(self, samples):
            return {"en": 1.0}

        def transcribe(self, samples, *, language, progress=None):  # no on_segment: must not be given one
            return (Segment("Hello there.", 0.0, 1.0, (Word("Hello", 0.0, 0.4, 0.9), Word("there.", 0.5, 1.0, 0.9))),)

    audio = Audio(samples=np.zeros(2 * SR, dtype=np.float32), sr=SR)
    heard = []
    assert transcribe(audio, transcriber=Plain(), language="en", on_segment=heard.append).text == "Hello there."
    assert heard == []


# ---------------------------------------------------------------- the real model

@pytest.mark.model
def test_batched_decoding_hears_what_sequential_hears(settings):
    """Three English sample clips end to end (84 s, at least three clips): the batched words and their
    times stay close to the sequential decode's (benchmarks/batched.py measures this at length)."""
    import difflib
    import re

    import jiwer

    from coach.asr.transcribe import get_transcriber
    from coach.audio import load_audio
    from conftest import sample

    parts, truth = [], []
    for name in ("en_clean", "en_fillers", "en_rate_125"):
        wav, meta = sample(name)
        parts += [load_audio(wav).samples, np.zeros(SR, dtype=np.float32)]
        truth.append(meta["text"])
    samples = np.concatenate(parts)
    assert len(plan_clips(samples, sr=SR)) >= 3

    def words(mode):
        engine = get_transcriber(settings.model_copy(update={"batched": mode}))
        return [w for s in engine.transcribe(samples, language="en") for w in s.words]

    sequential, batched = words("off"), words("on")

    def norm(text):
        return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())

    wer = {k: jiwer.wer(norm(" ".join(truth)), norm(" ".join(w.text for w in ws)))
           for k, ws in (("sequential", sequential), ("batched", batched))}
    assert wer["batched"] <= wer["sequential"] + 0.05, wer
    a, b = [norm(w.text) for w in sequential], [norm(w.text) for w in batched]
    shifts = sorted(abs(batched[m.b + k].start - sequential[m.a + k].start)
                    for m in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks()
                    for k in range(m.size))
    assert len(shifts) >= 0.9 * len(sequential)
    assert shifts[len(shifts) // 2] <= 0.1 and shifts[int(0.9 * (len(shifts) - 1))] <= 0.3, shifts[-10:]
