"""Is there speech in the recording? Decided from the signal, before the recogniser runs.

Silero VAD v6 ships inside faster-whisper (``faster_whisper/assets/silero_vad_v6.onnx``, run with
the onnxruntime faster-whisper already needs), so this works offline and costs well under a second
per minute of audio on 2 cores. It only decides presence and how much speech there is; it never
removes audio from what the recogniser hears (DESIGN.md: a VAD filter once dropped a whole 30 s
window of speech).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import NotSpeechError
from .frames import SignalFeatures, features_of
from .signal import mask_to_spans
from ..types import Notice, Word

__all__ = ["SpeechPresence", "check_presence", "detect_speech", "level_gain", "mostly_silence", "refuse_without_speech",
           "speech_probabilities", "words_speech_s"]

# Silero VAD scores 512-sample chunks (32 ms at 16 kHz).
_CHUNK = 512
_SR = 16_000
# A recognised word counts as at most this much speech: Whisper stretches a word over the silence
# beside it, so a lone word in ten silent seconds must not pass for seconds of talk.
_MAX_WORD_S = 1.0


@dataclass(frozen=True)
class SpeechPresence:
    """How much of a recording Silero VAD hears as speech.

    speech_s : chunks scored at or above the threshold, seconds
    duration_s : length of the recording, seconds
    spans : (start_s, end_s) of speech, gaps under 0.3 s bridged
    """

    speech_s: float
    duration_s: float
    spans: tuple[tuple[float, float], ...]

    @property
    def share(self) -> float:
        """Share of the recording that is speech, 0–1."""
        return self.speech_s / self.duration_s if self.duration_s > 0 else 0.0


def speech_probabilities(samples: np.ndarray, *, sr: int = _SR, gain: float = 1.0) -> np.ndarray:
    """Silero VAD speech probability of each 32 ms chunk: float array, shape (ceil(n / 512),).

    ``gain`` scales the samples (clipped to ±1) in the one padded copy the VAD reads (:func:`level_gain`)."""
    if sr != _SR:
        raise ValueError(f"speech presence needs {_SR} Hz audio, not {sr} Hz")
    from faster_whisper.vad import get_vad_model

    y = np.asarray(samples, dtype=np.float32)
    if y.size == 0:
        return np.zeros(0, dtype=np.float32)
    padded = np.zeros(y.size + (-y.size) % _CHUNK, dtype=np.float32)
    np.multiply(y, np.float32(gain), out=padded[: y.size])
    np.clip(padded, -1.0, 1.0, out=padded)
    return np.asarray(get_vad_model()(padded), dtype=np.float32).reshape(-1)[: padded.size // _CHUNK]


def level_gain(level_db: np.ndarray, level_dbfs: float) -> float:
    """The gain that brings a recording's loud frames (the 95th percentile of its level track, dBFS) to
    ``level_dbfs``, at most +60 dB: Silero VAD's probabilities depend on the level (a real 26 s monologue
    20 dB quieter was heard as 0 s of speech)."""
    if len(level_db) == 0:
        return 1.0
    return float(min(10 ** ((level_dbfs - float(np.percentile(level_db, 95))) / 20), 1000.0))


def detect_speech(samples: np.ndarray, *, sr: int = _SR, threshold: float = 0.4,
                  level_dbfs: float | None = -20.0, features: SignalFeatures | None = None) -> SpeechPresence:
    """Measure speech presence with Silero VAD.

    Parameters
    ----------
    samples : float array, shape (n,), 16 kHz mono
    threshold : a chunk is speech when its probability is at least this (``speech.vad_threshold``)
    level_dbfs : the level the recording is brought to before the VAD hears it (``speech.vad_level_dbfs``;
        see :func:`level_gain`); None: as recorded
    features : the recording's frame measures, if already made (their level track gives the gain)
    """
    gain = 1.0 if level_dbfs is None else level_gain(features_of(samples, sr, features).levels()[1], level_dbfs)
    probs = speech_probabilities(samples, sr=sr, gain=gain)
    hop_s = _CHUNK / sr
    mask = probs >= threshold
    spans = tuple((round(a, 3), round(b, 3)) for a, b in mask_to_spans(mask, hop_s=hop_s, min_gap_s=0.3))
    return SpeechPresence(float(mask.sum()) * hop_s, len(samples) / sr, spans)


def refuse_without_speech(presence: SpeechPresence, *, min_speech_s: float) -> None:
    """Refuse a recording in which Silero VAD hears less than ``min_speech_s`` of speech.

    Raises
    ------
    NotSpeechError
        a tone, hum, music, noise or silence: decided before the recogniser runs
    """
    if presence.speech_s < min_speech_s:
        raise NotSpeechError(
            f"No speech was heard ({presence.speech_s:.1f} s of {presence.duration_s:.0f} s sounds like a voice): "
            "the recording holds a tone, hum, music, noise or silence. Record yourself speaking, close to the "
            "microphone."
        )  # the app and the CLI say it in the visitor's language (catalog keys error./cli.error.NotSpeechError)


def words_speech_s(words: Sequence[Word]) -> float:
    """Seconds of speech the recognised words cover: their spans' union, each word at most 1 s long."""
    spans = sorted((w.start, min(w.end, w.start + _MAX_WORD_S)) for w in words if w.end > w.start)
    total, reach = 0.0, float("-inf")
    for start, end in spans:
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def mostly_silence(presence: SpeechPresence, *, min_share: float, words: Sequence[Word] = ()) -> tuple[Notice, ...]:
    """Warn when speech is under ``min_share`` of the recording.

    The speech is what Silero VAD hears or what the recognised ``words`` cover, whichever is more:
    the VAD hears little of narrowband, noisy speech (radio, a phone line; 19 of 89 s on a NASA
    Apollo 11 radio exchange that Whisper transcribed into 300 words), and such a talk is no
    "few words".

    Returns
    -------
    tuple of Notice
        "mostly_silence" (start and end: the first and last speech), or nothing
    """
    speech_s = max(presence.speech_s, words_speech_s(words))
    if presence.duration_s <= 0 or speech_s / presence.duration_s >= min_share:
        return ()
    return (
        Notice(
            "mostly_silence",
            f"Only {speech_s:.1f} s of the {presence.duration_s:.0f} s recording is speech: the scores "
            "describe a few words, not a talk. Record the whole speech, or trim the silence.",
            presence.spans[0][0] if presence.spans else None,
            presence.spans[-1][1] if presence.spans else None,
        ),
    )


def check_presence(presence: SpeechPresence, *, min_speech_s: float, min_share: float,
                   words: Sequence[Word] = ()) -> tuple[Notice, ...]:
    """:func:`refuse_without_speech`, then :func:`mostly_silence`: both checks in one call."""
    refuse_without_speech(presence, min_speech_s=min_speech_s)
    return mostly_silence(presence, min_share=min_share, words=words)
