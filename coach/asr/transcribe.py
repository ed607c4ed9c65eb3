"""Speech to words with times: the dispatcher that loads an engine, and checks on what it hears.

The engine protocol (:class:`~coach.asr.engine.Transcriber`) lives in :mod:`coach.asr.engine`.

The default engine is faster-whisper (CTranslate2, no torch; :mod:`coach.asr.faster_engine`). openai-whisper
is optional (:mod:`coach.asr.openai_engine`). Both return the same :class:`~coach.types.Transcript`.
A model is loaded once per process and reused (:func:`get_transcriber`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import ConfigError, MissingExtraError
from ..types import Audio, Notice, Segment, Transcript, Word
from .clips import around_silences
from .engine import SUPPORTED_LANGUAGES, ProgressCallback, Transcriber
from .faster_engine import FasterWhisperTranscriber, decodes_in_batches
from .skipped_speech import find_skipped_speech, hear_skipped_again

__all__ = [
    "FasterWhisperTranscriber",
    "OneShotTranscriber",
    "choose_language",
    "decodes_in_batches",
    "detect_language",
    "heard_languages",
    "find_skipped_speech",
    "get_transcriber",
    "transcribe",
]

# Whisper's language probabilities are trusted when the winner among the supported languages has
# at least this share of their total; below it the first 30 s are decoded in each language.
LANGUAGE_CONFIDENT_SHARE = 0.98


_cache: dict[tuple, Transcriber] = {}
_cache_lock = threading.Lock()


def get_transcriber(settings: Settings, *, num_workers: int = 1) -> Transcriber:
    """The engine and model that ``settings`` name, loaded once per process and shared.

    ``num_workers``: threads that may transcribe with it at once (a worker's ``--concurrency``).
    """
    key = (settings.engine, settings.model, settings.device, settings.compute_type, settings.cpu_threads,
           settings.beam_size, settings.vad_filter, str(settings.model_cache_dir), num_workers,
           settings.vocabulary_bias, settings.batched, settings.batched_min_s, settings.batch_size)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = _load(settings, num_workers)
        return _cache[key]


class OneShotTranscriber:
    """The engine for one analysis in a one-off process (``wicara analyze``), let go once the words are in.

    The model is loaded on first use (a refused recording never loads it) and dropped from this
    process after :meth:`transcribe`, so the analysis's own memory does not sit on top of the
    model's. Workers and the app keep theirs.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._engine: Transcriber | None = None
        self._name: str | None = None

    def _get(self) -> Transcriber:
        if self._engine is None:
            self._engine = get_transcriber(self._settings)
            self._name = self._engine.name
        return self._engine

    @property
    def name(self) -> str:
        return self._name or self._get().name

    def __getattr__(self, attr: str) -> Any:  # language_probabilities, language_score…
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(self._get(), attr)

    def transcribe(self, samples: np.ndarray, **kwargs: Any) -> tuple[Segment, ...]:
        try:
            return self._get().transcribe(samples, **kwargs)
        finally:
            self.release()

    def listen(self, samples: np.ndarray, **kwargs: Any) -> tuple[Word, ...]:
        """A second listen (:class:`coach.asr.engine.Listener`) after the words: the engine is loaded for
        it and let go again."""
        try:
            return self._get().listen(samples, **kwargs)
        finally:
            self.release()

    def release(self) -> None:
        """Forget the engine here and in the process's cache, so its memory can be returned."""
        engine, self._engine = self._engine, None
        if engine is None:
            return
        with _cache_lock:
            for key in [k for k, v in _cache.items() if v is engine]:
                del _cache[key]
        del engine
        gc.collect()


def _load(settings: Settings, num_workers: int = 1) -> Transcriber:
    if settings.engine == "openai-whisper":
        try:
            from .openai_engine import OpenAIWhisperTranscriber
        except ImportError as e:
            raise MissingExtraError(
                "The openai-whisper engine is not installed. Run: bash scripts/install_openai_whisper.sh "
                "(CPU torch, no triton) or pip install 'wicara[openai-whisper]'; or use WICARA_ENGINE=faster-whisper."
            ) from e
        return OpenAIWhisperTranscriber.from_settings(settings)
    from .model_files import resolve_faster_whisper_model

    path = resolve_faster_whisper_model(settings.model, settings.model_cache_dir)
    return FasterWhisperTranscriber(
        path,
        device=settings.device,
        compute_type=settings.compute_type,
        cpu_threads=settings.cpu_threads,
        beam_size=settings.beam_size,
        vad_filter=settings.vad_filter,
        num_workers=num_workers,
        vocabulary_bias=settings.vocabulary_bias,
        batched=settings.batched,
        batched_min_s=settings.batched_min_s,
        batch_size=settings.batch_size,
    )


def choose_language(probabilities: dict[str, float]) -> tuple[str, float]:
    """Pick the likeliest supported language; its probability is renormalised over the supported ones.

    Unrestricted detection is unreliable here (espeak Indonesian was taken for Thai), so only
    the languages Wicara coaches in compete.
    """
    supported = {code: probabilities.get(code, 0.0) for code in SUPPORTED_LANGUAGES}
    total = sum(supported.values())
    code = max(supported, key=supported.__getitem__)
    return code, (supported[code] / total if total > 0 else 0.0)


def heard_languages(samples: np.ndarray, *, transcriber: Transcriber) -> dict[str, float] | None:
    """Whisper's probability per language code for the first 30 s of ``samples``; None for an engine
    that does not identify languages."""
    identify = getattr(transcriber, "language_probabilities", None)
    if identify is None:
        return None
    try:
        return dict(identify(samples))
    except NotImplementedError:  # a cache that only replays transcripts (benchmarks)
        return None


def detect_language(samples: np.ndarray, *, transcriber: Transcriber,
                    probabilities: dict[str, float] | None = None) -> tuple[str, float]:
    """Choose between the supported languages; ``probabilities``: Whisper's identification, if already
    made (:func:`heard_languages`), else it is made here.

    Whisper's detection is used when it is clear. When it is not (base took espeak Indonesian for
    Thai, and put English above Indonesian), engines that can score a language by decoding
    (``language_score``) settle it; the returned probability is then the detection share.
    """
    if probabilities is None:
        probabilities = transcriber.language_probabilities(samples)
    language, share = choose_language(probabilities)
    scorer = getattr(transcriber, "language_score", None)
    if share >= LANGUAGE_CONFIDENT_SHARE or scorer is None:
        return language, share
    scores = {code: scorer(samples, code) for code in SUPPORTED_LANGUAGES}
    best = max(scores, key=scores.__getitem__)
    return best, (share if best == language else 1.0 - share)


def transcribe(
    audio: Audio,
    *,
    transcriber: Transcriber,
    language: str = "id",
    progress: ProgressCallback | None = None,
    skipped_speech_min_s: float | None = None,
    expected_words: Sequence[str] = (),
    on_segment: Callable[[Segment], None] | None = None,
    heard: dict[str, float] | None = None,
    speech_spans: Sequence[tuple[float, float]] | None = None,
    silence_left_out_s: float | None = None,
) -> Transcript:
    """Transcribe decoded ``audio``; ``language`` is "id", "en" or "auto" (chosen between them, from
    ``heard``, Whisper's language identification when the caller already made it).

    ``on_segment`` hears each segment as it is decoded, with engines that stream (faster-whisper).

    Given Silero VAD's ``speech_spans``, silences of at least ``silence_left_out_s`` are left out of what
    the engine hears (:func:`coach.asr.clips.around_silences`), and stretches of at least
    ``skipped_speech_min_s`` of speech that came back without words are heard again on their own where ``speech_spans``
    hold that much speech (:func:`hear_skipped_again`); those still
    without words are warned about (``Transcript.notices``). Both lengths default to the guidelines'
    ``transcription.silence_left_out_s`` and ``transcription.skipped_speech_min_s``.
    """
    if language not in (*SUPPORTED_LANGUAGES, "auto"):
        raise ConfigError(f"Language {language!r} is not supported. Use id, en or auto.")
    if skipped_speech_min_s is None or silence_left_out_s is None:
        from ..guidelines import builtin_guidelines

        rules = builtin_guidelines()
        if skipped_speech_min_s is None:
            skipped_speech_min_s = float(rules.value("transcription.skipped_speech_min_s"))
        if silence_left_out_s is None:
            silence_left_out_s = float(rules.value("transcription.silence_left_out_s"))
    probability = 1.0
    if language == "auto":
        language, probability = detect_language(audio.samples, transcriber=transcriber, probabilities=heard)
    extra: dict[str, Any] = {}
    if expected_words and getattr(transcriber, "name", "") == "faster-whisper":
        extra["expected_words"] = tuple(expected_words)
    if on_segment is not None and getattr(transcriber, "streams_segments", False):
        extra["on_segment"] = on_segment
    if speech_spans is not None and getattr(transcriber, "takes_clips", False):
        extra["clips"] = around_silences(audio.samples, sr=audio.sr, speech_spans=speech_spans,
                                         min_silence_s=silence_left_out_s, features=audio.features)
    segments = transcriber.transcribe(audio.samples, language=language, progress=progress, **extra)
    if speech_spans is not None:
        segments = hear_skipped_again(audio.samples, segments, sr=audio.sr, transcriber=transcriber, language=language,
                                      speech_spans=speech_spans, min_speech_s=skipped_speech_min_s,
                                      features=audio.features)
    words = tuple(w for s in segments for w in s.words)
    notices = [
        Notice(
            "skipped_speech",
            f"Speech from {start:.1f} s to {end:.1f} s came back without words: the recogniser may "
            "have skipped it. Check the transcript there; a clearer recording or a larger model helps.",
            start,
            end,
        )
        for start, end in find_skipped_speech(audio.samples, words, sr=audio.sr, min_speech_s=skipped_speech_min_s,
                                              features=audio.features)
    ]
    return Transcript(
        language=language,
        duration_s=audio.duration_s,
        segments=segments,
        language_probability=probability,
        notices=tuple(notices),
    )
