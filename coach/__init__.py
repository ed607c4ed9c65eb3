"""Wicara: an offline, Indonesian-first coach for public speaking and media relations.

The pipeline: :func:`load_audio` → :func:`transcribe` → ``coach.analysis.*`` →
:func:`analyse` (the one worker, returning a :class:`SessionReport`) → ``coach.store.database`` /
``coach.charts.attempts``. Pages and the CLI only call these.
"""

from .audio import load_audio
from .config import Settings, load_settings
from .errors import WicaraError
from .guidelines import Guidelines, load_guidelines
from .report.pipeline import SessionReport, analyse
from .asr.transcribe import get_transcriber, transcribe
from .types import Audio, Event, FillerEvent, Notice, Segment, Transcript, Word
from .warmup import warm_up

__all__ = [
    "Audio",
    "Event",
    "FillerEvent",
    "Guidelines",
    "Notice",
    "Segment",
    "SessionReport",
    "Settings",
    "Transcript",
    "WicaraError",
    "Word",
    "analyse",
    "get_transcriber",
    "load_audio",
    "load_guidelines",
    "load_settings",
    "transcribe",
    "warm_up",
]
