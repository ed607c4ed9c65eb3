"""Vocabulary biasing: the expected words (key messages, glossary) reach faster-whisper only when
the setting asks for it, and never reach engines that cannot take them."""

from __future__ import annotations

import numpy as np

from coach.config import load_settings
from coach.report.pipeline import expected_words
from coach.asr.transcribe import transcribe
from coach.types import Audio, Segment, Word


class _Recorder:
    def __init__(self, name: str) -> None:
        self.name, self.calls = name, []

    def language_probabilities(self, samples):
        return {"id": 1.0}

    def transcribe(self, samples, *, language, progress=None, **kwargs):
        self.calls.append(kwargs)
        return (Segment("Diskominfo.", 0.1, 0.9, (Word("Diskominfo.", 0.1, 0.9, 0.9),)),)


def test_expected_words_are_key_messages_then_glossary(monkeypatch):
    assert expected_words(load_settings(), "id", ["posko sudah dibuka"], None) == ()  # off by default
    monkeypatch.setenv("WICARA_VOCABULARY_BIAS", "hotwords")
    words = expected_words(load_settings(), "id", ["posko sudah dibuka"], None)
    assert words[0] == "posko sudah dibuka" and {"Diskominfo", "PPID", "Bimtek", "SKPD", "Pranata Humas"} <= set(words)


def test_only_faster_whisper_gets_expected_words():
    audio = Audio(np.zeros(16_000, dtype=np.float32), 16_000)
    fw, other = _Recorder("faster-whisper"), _Recorder("openai-whisper")
    for engine in (fw, other):
        transcribe(audio, transcriber=engine, language="id", expected_words=("PPID",), skipped_speech_min_s=3.0)
    assert fw.calls == [{"expected_words": ("PPID",)}] and other.calls == [{}]
    transcribe(audio, transcriber=fw, language="id", skipped_speech_min_s=3.0)
    assert fw.calls[-1] == {}
