"""What every speech recogniser offers: the :class:`Transcriber` protocol, shared by the faster-whisper
engine (:mod:`coach.asr.transcribe`) and the optional openai-whisper one (:mod:`coach.asr.openai_engine`).

It lives apart from the dispatcher so that the engines import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

import numpy as np

from ..types import Segment, Word

__all__ = ["SUPPORTED_LANGUAGES", "Listener", "ProgressCallback", "Transcriber"]

SUPPORTED_LANGUAGES = ("id", "en")
ProgressCallback = Callable[[float, float], None]
"""Called as ``progress(seconds_done, seconds_total)`` while transcribing."""


class Transcriber(Protocol):
    """What every engine offers."""

    name: str

    def language_probabilities(self, samples: np.ndarray) -> dict[str, float]:
        """Probability of each language code for the first 30 s of ``samples`` (16 kHz mono)."""
        ...

    def transcribe(
        self, samples: np.ndarray, *, language: str, progress: ProgressCallback | None = None
    ) -> tuple[Segment, ...]:
        """Recognise ``samples`` (16 kHz mono float32) in ``language``; segments carry word times."""
        ...


@runtime_checkable
class Listener(Protocol):
    """An engine that can listen again to a short stretch with a prompt (both real engines can; the
    second, filler-prompted listen of :mod:`coach.asr.second_listen` is skipped for one that cannot)."""

    def listen(self, samples: np.ndarray, *, language: str, prompt: str) -> tuple[Word, ...]:
        """The words Whisper writes for ``samples`` (16 kHz mono, at most ~30 s) after ``prompt``, with times."""
        ...
