"""Doorstop and press-conference sessions: which exercises, which questions, how long to answer,
and one recorded answer analysed and scored.

A session is an exercise's questions in the chosen language, asked one at a time. An exercise
without questions (a soundbite, a crisis holding statement) is a session of one prompt: its
instructions. The page times each answer against the end of its spoken question
(:mod:`coach.media.answer_timing`) and passes ``asked_at_s``; without it (an upload recorded earlier,
the command line) the latency is the silence before the first voice in the recording. The app and
tests drive this module; the answer's own scoring is :func:`coach.media.interview.score_answer`, and
:func:`answer_scores` makes it one dimension of the attempt's overall score, the one number both
the session and the saved attempt show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..config import Settings
from .exercises import Exercise
from ..guidelines import Guidelines, load_guidelines
from .interview import AnswerResult, score_answer
from ..report.pipeline import SessionReport, StageProgress, analyse
from ..analysis.scores import overall_score
from ..asr.engine import Transcriber
from ..types import to_jsonable

__all__ = ["INTERVIEW_KINDS", "RecordedAnswer", "analyse_answer", "answer_from_dict", "answer_scores",
           "answer_time_limit_s", "interview_exercises",
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


def answer_scores(report: SessionReport, answer: AnswerResult, guidelines: Guidelines) -> tuple[dict, dict]:
    """The attempt's scores and weights with the answer's interview score as the dimension "interview".

    Its weight makes it ``interview.overall_share`` of the weights of the speech dimensions, and the
    overall is :func:`coach.analysis.scores.overall_score` over them all: the same function, on the same saved
    scores and weights, that recomputes the overall after a trainer's override.
    """
    share = float(guidelines.value("interview.overall_share"))
    speech = sum(float(w) for d, w in report.weights.items() if report.scores.get(d) is not None)
    weights = {**report.weights, "interview": round(speech * share / (1.0 - share), 3)}
    scores = {d: s for d, s in report.scores.items() if d != "overall"}
    scores["interview"] = answer.score
    overall = overall_score(scores, weights)
    return {"overall": None if overall is None else round(overall, 1), **scores}, weights


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
    asked_at_s: float | None = None,
    time_limit_s: float | None = None,
) -> RecordedAnswer:
    """Analyse one recorded answer (:func:`coach.report.pipeline.analyse`) and score it as an interview answer.

    Parameters
    ----------
    audio : the recording (bytes, path or decoded audio)
    lang : "id" or "en"
    key_messages : default the exercise's key messages in ``lang``
    asked_at_s : when the question ended, seconds from the recording's start (:mod:`coach.media.answer_timing`);
        None when unknown: the latency is then counted from the recording's start
    time_limit_s : the time to answer, for the answer's ``over_time_s``
    """
    guidelines = guidelines or load_guidelines(settings.guidelines_file)
    messages = list(exercise.key_messages_for(lang) if key_messages is None else key_messages)
    report = analyse(audio, settings=settings, lang=lang, key_messages=messages, exercise=exercise,
                     guidelines=guidelines, transcriber=transcriber, progress=progress)
    answer = score_answer(report, question=question, asked_at_s=asked_at_s or 0.0, key_messages=messages,
                          lang=report.language, guidelines=guidelines, kind=exercise.kind,
                          latency_basis="recording" if asked_at_s is None else "question", time_limit_s=time_limit_s)
    scores, weights = answer_scores(report, answer, guidelines)
    return RecordedAnswer(replace(report, scores=scores, weights=weights), answer)


def answer_from_dict(data: dict[str, Any]) -> AnswerResult:
    """The :class:`AnswerResult` saved under a report's ``"interview"`` (:meth:`RecordedAnswer.to_dict`)."""
    from ..analysis.messages import KeyMessageResult

    values = dict(data)
    values["key_messages"] = tuple(KeyMessageResult(**km) for km in values.get("key_messages", ()))
    for name in ("acknowledged", "bridging", "no_comment_at", "hedges"):
        values[name] = tuple(values.get(name) or ())
    return AnswerResult(**values)
