"""Core data passed between pipeline steps: decoded audio, words, transcripts, warnings.

All are frozen dataclasses. Metric results live beside the function that makes them
(``coach/analysis/*.py``); :class:`coach.report.pipeline.SessionReport` gathers them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .features.frames import SignalFeatures, features_of

__all__ = ["Audio", "Event", "FillerEvent", "Notice", "Segment", "Transcript", "Word", "to_jsonable"]


@dataclass(frozen=True)
class Notice:
    """Something the user should know that does not stop the analysis.

    ``code`` is stable (the app translates by it); ``message`` is English for logs and the CLI.
    """

    code: str
    message: str
    start_s: float | None = None
    end_s: float | None = None


@dataclass(frozen=True)
class Event:
    """A moment worth pointing at in the recording (for the timeline, tips and highlights).

    kind : "filler", "pause", "long_pause", "monotone", "pace_fast", "pace_slow", "skipped_speech", …
    label : short text shown on the marker, e.g. "eh", "2.4 s", "148 wpm"
    """

    kind: str
    start: float
    end: float
    label: str = ""


@dataclass(frozen=True)
class FillerEvent:
    """One filler or disfluency.

    text : the word(s) heard, or a label such as "[eh]" for an acoustic filled pause
    source : "transcript" (found in the words) or "acoustic" (found in the signal)
    weight : 1.0 for always-fillers and filled pauses, less for context-dependent ones
    confidence : how sure the detector is, 0–1 (an acoustic event's model probability; 1.0 for words
        in the transcript)
    """

    text: str
    start: float
    end: float
    source: str
    weight: float = 1.0
    confidence: float = 1.0


@dataclass(frozen=True, eq=False)
class Audio:
    """A decoded recording.

    samples : float32 array, shape (n,), mono, in [-1, 1]
    sr : sample rate in Hz (always 16000 after :func:`coach.audio.load_audio`)
    features : the frame measures of these samples, computed once and shared by every analysis
        (made here when not given, or when given for other samples)
    """

    samples: np.ndarray
    sr: int
    notices: tuple[Notice, ...] = ()
    features: SignalFeatures = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        object.__setattr__(self, "features", features_of(self.samples, self.sr, self.features))

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sr


@dataclass(frozen=True)
class Word:
    """One recognised word. Times in seconds from the start of the recording."""

    text: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Segment:
    """A stretch of recognised text (roughly a sentence or phrase) and its words."""

    text: str
    start: float
    end: float
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Transcript:
    """What the recogniser heard.

    language : ISO code actually used ("id" or "en")
    language_probability : the recogniser's confidence in that language, 0–1
    """

    language: str
    duration_s: float
    segments: tuple[Segment, ...]
    language_probability: float = 1.0
    notices: tuple[Notice, ...] = field(default=())

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for s in self.segments for w in s.words)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (full float precision); :meth:`from_dict` reads it back unchanged."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        """Rebuild a transcript from :meth:`to_dict`'s output (e.g. a recorded test fixture)."""
        segments = tuple(
            Segment(s["text"], float(s["start"]), float(s["end"]),
                    tuple(Word(w["text"], float(w["start"]), float(w["end"]), float(w["probability"]))
                          for w in s.get("words", ())))
            for s in data["segments"]
        )
        notices = tuple(Notice(**n) for n in data.get("notices", ()))
        return cls(language=data["language"], duration_s=float(data["duration_s"]), segments=segments,
                   language_probability=float(data.get("language_probability", 1.0)), notices=notices)


def to_jsonable(obj: Any) -> Any:
    """Turn dataclasses, tuples and numpy scalars into plain JSON-ready values (floats to 3 decimals)."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, (np.floating, float)):
        value = float(obj)
        return round(value, 3) if np.isfinite(value) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    return obj
