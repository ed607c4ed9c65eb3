"""When a doorstop answer started, against the end of the spoken question, and whether time ran out.

The question is read aloud by the visitor's browser and the answer is recorded by another widget,
so no single clock sees both. The server sees two moments and knows two lengths:

- ``shown_at``: its own clock when the question was first shown (the browser starts reading it then);
- ``question_s``: how long reading it takes, *estimated* from its syllables at
  ``interview.question_syllables_per_s`` (the browser's voice and rate are not reported back);
- ``received_at``: its own clock when the recording first arrived (the widget sends it when the
  speaker stops), and the recording's own duration, so it started at ``received_at − duration``.

So the question ended at ``shown_at + question_s`` and, in the recording's own timeline, at
``asked_at_s = question end − recording start`` (negative when recording began after it). The
latency is the first voiced frame (Silero VAD) at or after ``asked_at_s``, minus ``asked_at_s``.
What it leaves out, honestly: the browser's real reading speed (±1 s on a question of 3 s), and
the upload time between the recorder stopping and the server receiving the file (which makes the
recording look as if it started later, so the latency is overestimated by that much, typically
well under a second on a local network). A recording that started before the question was shown
cannot be timed against it (an upload made earlier): its latency is the silence before the first
voice inside the recording (``basis`` "recording"), as for answers analysed from the command line.

The answer countdown (``limit_s``, the exercise's time to answer) starts when the question ends;
an answer whose recording started after the time was up (with ``interview.late_grace_s`` for the
estimate) is refused by the page, and one that ran past the time is flagged (``over_time_s``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from ..guidelines import Guidelines
from ..lang.syllables import count_syllables, normalise_word

__all__ = ["QuestionClock", "first_voice_s", "now", "question_seconds"]


def now() -> float:
    """The server's clock, seconds since the epoch (one place, so tests can set it)."""
    return time.time()


def question_seconds(question: str, lang: str, guidelines: Guidelines) -> float:
    """How long reading ``question`` aloud takes: its syllables at ``interview.question_syllables_per_s``."""
    syllables = sum(count_syllables(normalise_word(w), lang) for w in question.split())
    return round(syllables / float(guidelines.value("interview.question_syllables_per_s", lang)), 2)


def first_voice_s(spans: Sequence[tuple[float, float]], *, after_s: float = 0.0) -> float | None:
    """Start of the first voiced stretch that ends after ``after_s`` (clipped to it), seconds; None without one."""
    for start, end in spans:
        if end > after_s:
            return max(float(start), after_s)
    return None


@dataclass(frozen=True)
class QuestionClock:
    """One question as the server timed it.

    shown_at : server clock (s) when the question was first shown and its reading began
    question_s : estimated reading time (:func:`question_seconds`)
    limit_s : seconds allowed to answer once it has been read, None for no limit
    """

    shown_at: float
    question_s: float
    limit_s: float | None = None

    @property
    def ended_at(self) -> float:
        """Server clock when the question had been read: the countdown starts here."""
        return self.shown_at + self.question_s

    @property
    def deadline(self) -> float | None:
        """Server clock when the time to answer is up, None without a limit."""
        return None if self.limit_s is None else self.ended_at + self.limit_s

    def time_left_s(self, at: float) -> float | None:
        """Seconds left to answer at server time ``at`` (negative once it is up); None without a limit."""
        return None if self.deadline is None else self.deadline - at

    def asked_at_s(self, recording_started_at: float) -> float | None:
        """When the question ended, seconds from the recording's start (negative if the recording
        began after it); None when the recording began before the question was even shown."""
        if recording_started_at < self.shown_at:
            return None
        return round(self.ended_at - recording_started_at, 3)

    def started_late_s(self, recording_started_at: float, *, grace_s: float = 0.0) -> float:
        """Seconds after the time was up (plus ``grace_s``) that the recording started; 0 when in time."""
        if self.deadline is None:
            return 0.0
        return max(0.0, recording_started_at - (self.deadline + grace_s))
