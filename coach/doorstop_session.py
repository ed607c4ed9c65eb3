"""Doorstop and press-conference sessions: which exercises, which questions, how long to answer,
and one recorded answer analysed and scored.

A session is an exercise's questions in the chosen language, asked one at a time. An exercise
without questions (a soundbite, a crisis holding statement) is a session of one prompt: its
instructions. Each answer is recorded after its question was asked, so ``asked_at_s`` is 0: the
answer latency is the silence before the first word. The app and tests drive this module; the
scoring itself is :func:`coach.interview.score_answer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .config import Settings
from .exercises import Exercise
from .guidelines import Guidelines, load_guidelines
from .interview import AnswerResult, score_answer
from .report import SessionReport, StageProgress, analyse
from .transcribe import Transcriber
from .types import to_jsonable

__all__ = ["INTERVIEW_KINDS", "RecordedAnswer", "analyse_answer", "answer_from_dict", "answer_time_limit_s", "interview_exercises",
           "session_questions"]

INTERVIEW_KINDS = ("doorstop", "press_conference", "crisis", "soundbite")


@dataclass(frozen=True)
class RecordedAnswer:
    """One answer of a session: the recording's report and the answer's score.

    ``to_dict()`` is the report to save (``SessionReport.to_dict()``) with the scored answer under
    ``"interview"``, so a saved attempt keeps its question and interview aspects.
    """

    report: SessionReport
    answer: AnswerResult

    def to_dict(self) -> dict[str, Any]:
        return {**self.report.to_dict(), "interview": to_jsonable(self.answer)}


def interview_exercises(exercises: Sequence[Exercise], lang: str | None = None) -> tuple[Exercise, ...]:
    """The exercises practised as a series of questions (kinds :data:`INTERVIEW_KINDS`), in ``lang`` if given."""
    return tuple(e for e in exercises if e.kind in INTERVIEW_KINDS and (lang is None or lang in e.languages))


def session_questions(exercise: Exercise, lang: str) -> tuple[str, ...]:
    """The questions asked in a session of ``exercise`` in ``lang``, in order (its instructions when it has none)."""
    questions = exercise.questions.get(lang) or exercise.questions.get(exercise.languages[0]) or ()
    return tuple(questions) or (exercise.text("instructions", lang),)


def answer_time_limit_s(exercise: Exercise) -> float | None:
    """Seconds allowed per answer: the exercise's ``time_limit_s``, else its ``target_duration_s``."""
    return exercise.time_limit_s or exercise.target_duration_s


def analyse_answer(
    audio: Any,
    *,
    settings: Settings,
    lang: str,
    exercise: Exercise,
    question: str,
    key_messages: Sequence[str] | None = None,
    guidelines: Guidelines | None = None,
    transcriber: Transcriber | None = None,
    progress: StageProgress | None = None,
) -> RecordedAnswer:
    """Analyse one recorded answer (:func:`coach.report.analyse`) and score it as an interview answer.

    Parameters
    ----------
    audio : the recording (bytes, path or decoded audio), started after the question was asked
    lang : "id" or "en"
    key_messages : default the exercise's key messages in ``lang``
    """
    guidelines = guidelines or load_guidelines(settings.guidelines_file)
    messages = list(exercise.key_messages_for(lang) if key_messages is None else key_messages)
    report = analyse(audio, settings=settings, lang=lang, key_messages=messages, exercise=exercise,
                     guidelines=guidelines, transcriber=transcriber, progress=progress)
    answer = score_answer(report, question=question, asked_at_s=0.0, key_messages=messages, lang=report.language,
                          guidelines=guidelines, kind=exercise.kind)
    return RecordedAnswer(report, answer)


def answer_from_dict(data: dict[str, Any]) -> AnswerResult:
    """The :class:`AnswerResult` saved under a report's ``"interview"`` (:meth:`RecordedAnswer.to_dict`)."""
    from .analysis.messages import KeyMessageResult

    values = dict(data)
    values["key_messages"] = tuple(KeyMessageResult(**km) for km in values.get("key_messages", ()))
    for name in ("acknowledged", "bridging", "no_comment_at", "hedges"):
        values[name] = tuple(values.get(name) or ())
    return AnswerResult(**values)
