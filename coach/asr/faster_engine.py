"""The default engine: faster-whisper (Whisper on CTranslate2, no torch), behind :class:`~coach.asr.engine.Transcriber`.

:mod:`coach.asr.transcribe` loads it (:func:`~coach.asr.transcribe.get_transcriber`) and checks what it hears.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..types import Segment, Word
from .clips import as_clip_timestamps, plan_clips
from .engine import LISTEN_TEMPERATURE, SAMPLING_SEED, ProgressCallback, listen_token_cap

__all__ = ["FasterWhisperTranscriber", "decodes_in_batches"]


class FasterWhisperTranscriber:
    """faster-whisper on CTranslate2; ``model_path`` is a CTranslate2 Whisper directory."""

    name = "faster-whisper"
    streams_segments = True  # transcribe() takes on_segment
    takes_clips = True  # and clips: the stretches to hear (coach.asr.clips.around_silences)

    def __init__(
        self,
        model_path: str,
        *,
        device: str = "cpu",
        compute_type: str = "int8",
        cpu_threads: int = 0,
        beam_size: int = 5,
        vad_filter: bool = False,
        num_workers: int = 1,
        vocabulary_bias: str = "off",
        batched: str = "off",
        batched_min_s: float = 600.0,
        batch_size: int = 4,
    ) -> None:
        from faster_whisper import WhisperModel

        # num_workers: how many threads may transcribe with this one loaded model at once
        self._make = partial(WhisperModel, model_path, device=device, compute_type=compute_type,
                             cpu_threads=cpu_threads, num_workers=num_workers)
        self._describe = (compute_type, device)
        self._model = self._load()
        self._lock = threading.Lock()
        self._in_use = 0  # decodes and listens running on self._model
        self._drawn = False  # a transcription may have sampled since the model was made
        self._beam_size = beam_size
        self._vad_filter = vad_filter
        self._bias = vocabulary_bias
        self._batched, self._batched_min_s, self._batch_size = batched, batched_min_s, batch_size

    def _load(self) -> Any:
        """A fresh model whose decoding threads draw from :data:`~coach.asr.engine.SAMPLING_SEED`.

        CTranslate2 seeds each decoding thread's generator once, when that thread first samples
        (``ctranslate2.set_random_seed`` reaches only threads that have not), so only the threads of a
        newly made model start from the seed (CTranslate2 issue 1757)."""
        import ctranslate2

        ctranslate2.set_random_seed(SAMPLING_SEED)
        try:
            return self._make()
        except ValueError as e:  # CTranslate2 rejects unsupported compute types this way
            compute_type, device = self._describe
            raise ConfigError(
                f"Cannot load the model with compute_type={compute_type!r} on {device} ({e}). "
                "Use WICARA_COMPUTE_TYPE=int8 or float32 on a CPU."
            ) from e

    @contextmanager
    def _using(self, *, transcription: bool = False) -> Iterator[Any]:
        """The model for one call. A transcription starts on a model made afresh (:meth:`_load`, about
        0.3 s for base) once an earlier one may have sampled, so its fallback draws are the same
        whenever the recording is heard, unless another call is using the model at that moment (more
        than one decode at once: ``WICARA_APP_WORKERS`` or ``wicara worker --concurrency`` above 1)."""
        with self._lock:
            if self._model is None or (transcription and self._drawn and not self._in_use):
                self._model = None  # let the old model go before the new one is read (a failed read is tried again)
                gc.collect()
                self._model = self._load()
                self._drawn = False
            self._in_use += 1
            self._drawn = self._drawn or transcription
            model = self._model
        try:
            yield model
        finally:
            with self._lock:
                self._in_use -= 1

    def batches(self, duration_s: float) -> bool:
        """Whether a recording this long is decoded in batches (``WICARA_BATCHED``)."""
        return decodes_in_batches(self._batched, duration_s=duration_s, min_s=self._batched_min_s,
                                  vad_filter=self._vad_filter)

    def language_probabilities(self, samples: np.ndarray) -> dict[str, float]:
        with self._using() as model:
            _, _, all_probs = model.detect_language(samples)
        return dict(all_probs)

    def language_score(self, samples: np.ndarray, language: str) -> float:
        """Mean token log-probability of a quick greedy decode of the first 30 s in ``language``.

        Forced into the wrong language Whisper returns nothing or low-probability text, so the
        better score tells the languages apart where detection alone is unsure.
        """
        with self._using() as model:
            segments, _ = model.transcribe(
                samples[: 30 * 16_000], language=language, beam_size=1, temperature=0.0,
                without_timestamps=True, condition_on_previous_text=False, max_new_tokens=96,
            )
            scored = [(s.avg_logprob, len(s.tokens)) for s in segments if s.text.strip()]
        n_tokens = sum(n for _, n in scored)
        return sum(lp * n for lp, n in scored) / n_tokens if n_tokens else float("-inf")

    def listen(self, samples: np.ndarray, *, language: str, prompt: str) -> tuple[Word, ...]:
        """A short decode after ``prompt`` (none when empty; :class:`coach.asr.engine.Listener`): no VAD, no
        conditioning on earlier windows, the engine's beam, no temperature fallback, a cap on its length
        (:data:`~coach.asr.engine.LISTEN_TOKENS_PER_S`)."""
        with self._using() as model:
            segments, _ = model.transcribe(
                samples, language=language, beam_size=self._beam_size, word_timestamps=True, initial_prompt=prompt or None,
                condition_on_previous_text=False, vad_filter=False, temperature=LISTEN_TEMPERATURE,
                max_new_tokens=listen_token_cap(samples.size),
            )
            return tuple(Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
                         for s in segments for w in (s.words or ()) if w.word.strip())

    def transcribe(
        self, samples: np.ndarray, *, language: str, progress: ProgressCallback | None = None,
        expected_words: Sequence[str] = (),
        on_segment: Callable[[Segment], None] | None = None,
        clips: Sequence[tuple[float, float]] | None = None,
    ) -> tuple[Segment, ...]:
        """``expected_words`` (key messages, glossary) go to Whisper as ``hotwords`` or as the
        ``initial_prompt`` when the engine was built with ``vocabulary_bias`` "hotwords" or "prompt".
        ``on_segment`` hears each segment as soon as it is decoded (a waiting page shows them).
        ``clips`` (start_s, end_s): hear only these stretches, in order (decoded in batches: each cut into
        the clips of :func:`~coach.asr.clips.plan_clips`)."""
        total_s = samples.size / 16_000
        bias: dict[str, str] = {}
        if expected_words and self._bias == "hotwords":
            bias["hotwords"] = " ".join(expected_words)
        elif expected_words and self._bias == "prompt":
            bias["initial_prompt"] = ", ".join(expected_words) + "."
        with self._using(transcription=True) as model:
            if self.batches(total_s):
                from faster_whisper import BatchedInferencePipeline

                # A pipeline per call: it keeps the last word's time between batches. Its default
                # without_timestamps=True is kept: with timestamps it lost a whole clip's words
                # (WER 0.21 against 0.06 on 2 minutes of the project's English clips).
                raw_segments, _ = BatchedInferencePipeline(model).transcribe(
                    samples, language=language, beam_size=self._beam_size, word_timestamps=True,
                    clip_timestamps=[{"start": a, "end": b} for a, b in _batched_clips(samples, clips)],
                    batch_size=self._batch_size, **bias,
                )
            else:
                raw_segments, _ = model.transcribe(
                    samples,
                    language=language,
                    beam_size=self._beam_size,
                    word_timestamps=True,
                    vad_filter=self._vad_filter,
                    **({"clip_timestamps": as_clip_timestamps(clips, total_s)} if clips else {}),
                    **bias,
                )
            segments = []
            # The generator does the work lazily: each step decodes one 30 s window.
            for seg in raw_segments:
                words = tuple(
                    Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
                    for w in (seg.words or ())
                    if w.word.strip()
                )
                segments.append(Segment(seg.text.strip(), float(seg.start), float(seg.end), words))
                if on_segment is not None:
                    on_segment(segments[-1])
                if progress is not None:
                    progress(min(float(seg.end), total_s), total_s)
        if progress is not None:
            progress(total_s, total_s)
        return tuple(segments)


def _batched_clips(samples: np.ndarray, stretches: Sequence[tuple[float, float]] | None,
                   sr: int = 16_000) -> list[tuple[float, float]]:
    """The clips of a decode in batches: :func:`~coach.asr.clips.plan_clips` of each stretch to hear (the
    whole recording when none is given)."""
    total = samples.size / sr
    planned = []
    for a, b in stretches or [(0.0, total)]:
        piece = samples[int(round(a * sr)):int(round(b * sr))]
        # never past the last sample: faster-whisper asserts the clips hold no more audio than the recording
        planned += [(round(a + c, 3), min(round(a + d, 3), total)) for c, d in plan_clips(piece, sr=sr)]
    return planned


def decodes_in_batches(mode: str, *, duration_s: float, min_s: float, vad_filter: bool = False) -> bool:
    """``WICARA_BATCHED`` applied to one recording: "on", "off", or "auto" (at least ``min_s`` seconds).
    Never with faster-whisper's VAD filter, which chooses its own clips."""
    if vad_filter:
        return False
    return mode == "on" or (mode == "auto" and duration_s >= min_s)
