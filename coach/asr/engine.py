"""What every speech recogniser offers: the :class:`Transcriber` protocol, shared by the faster-whisper
engine (:mod:`coach.asr.transcribe`) and the optional openai-whisper one (:mod:`coach.asr.openai_engine`).

It lives apart from the dispatcher so that the engines import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

import numpy as np

from ..types import Segment, Word

__all__ = ["LISTEN_TEMPERATURE", "LISTEN_TOKENS_PER_S", "SAMPLING_SEED", "SUPPORTED_LANGUAGES", "Listener",
           "ProgressCallback", "Transcriber", "listen_token_cap"]

SUPPORTED_LANGUAGES = ("id", "en")
# A second listen decodes once, at temperature 0 with the engine's beam (no temperature fallback), and
# writes at most LISTEN_TOKENS_PER_S tokens per second of its window (+16): speech runs at 3-5 tokens a
# second. Uncapped, one 2.2 s piece of the 3-minute benchmark ran on into dots for 7 s and the analysis
# took 1.4-1.55x bare Whisper; the listen is a yes/no on a few seconds, not a transcript.
LISTEN_TEMPERATURE = 0.0
LISTEN_TOKENS_PER_S = 8
# Where a 30 s window's beam decode loops or is unsure, Whisper decodes it again by sampling (temperatures
# 0.2-1.0, both engines' default fallback). Every decode draws from this seed, so the same recording gets
# the same words each time it is heard: without it, the same Indonesian clip came back with other words,
# other fillers and another score each time (python benchmarks/reproducible.py).
SAMPLING_SEED = 20261207


def listen_token_cap(n_samples: int, sr: int = 16_000) -> int:
    """The most tokens a second listen may write for a window of ``n_samples``."""
    return min(200, int(LISTEN_TOKENS_PER_S * n_samples / sr) + 16)


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
