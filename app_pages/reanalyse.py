"""The offer to analyse a recording again in the other language, when its report says the speech sounds
like that language (:mod:`coach.lang.language_check`). Used by the Practice and Report pages for the
signed-in person's own attempts. Not a page itself.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import get_exercises, get_queue, run, signed_in, tr
from coach.errors import WicaraError
from coach.workspace import attempts as own

__all__ = ["other_language", "render_reanalyse"]


def other_language(report: dict[str, Any]) -> str | None:
    """The language the report's language check says the speech sounds like, if it says so."""
    for w in report.get("warnings") or []:
        code = str(w.get("code", ""))
        if code.startswith("sounds_like_"):
            return code.removeprefix("sounds_like_")
    return None


def _resubmit(attempt: Any, language: str) -> int:
    """The same recording as a new attempt, analysed in ``language``; returns its id."""
    if attempt.audio_path is None or not attempt.audio_path.is_file():
        raise WicaraError("The recording of this attempt is missing: record it again.")
    report = attempt.report
    exercise = next((e for e in get_exercises() if e.id == attempt.exercise_id), None)
    # An exercise's key messages in the new language; the speaker's own ones as they were typed.
    messages = exercise.key_messages_for(language) if exercise is not None else attempt.key_messages
    interview = report.get("interview")
    timing = None
    if interview:  # a doorstop answer keeps its question and its timing
        timing = {"time_limit_s": interview.get("time_limit_s")}
        if interview.get("latency_basis") == "question":
            timing["asked_at_s"] = interview.get("asked_at_s")
        timing = {k: v for k, v in timing.items() if v is not None}
    return own.submit(get_queue(), signed_in(), person_id=attempt.person_id, audio=attempt.audio_path.read_bytes(),
                      audio_suffix=attempt.audio_path.suffix, kind="doorstop" if interview else "practice",
                      language=language, key_messages=list(messages), exercise=exercise,
                      question=interview.get("question") if interview else None, timing=timing)


def render_reanalyse(attempt: Any, *, key: str) -> int | None:
    """A button under the warning, "Analyse again as English"; the new attempt's id once clicked and queued."""
    language = other_language(attempt.report)
    if language is None:
        return None
    if not st.button(tr("reanalyse_as", language=tr(f"lang_{language}")), key=f"{key}_reanalyse",
                     icon=":material/translate:"):
        return None
    return run(lambda: _resubmit(attempt, language))
