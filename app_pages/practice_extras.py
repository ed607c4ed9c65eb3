"""After a practice attempt: how it followed its exercise's script, and which exercise to do next.

Drawn by the Practice page under the report. Not a page itself. The work is in
:mod:`coach.media.practice_followup`; this module only lays it out.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import streamlit as st

from app_pages.common import get_exercises, get_guidelines, lang, md, tr
from coach.errors import WicaraError
from coach.media.practice_followup import next_with_reason, script_delivery
from coach.report.pipeline import SessionReport

EXERCISE_KEY = "practice_exercise"  # the Practice page's exercise box
RESULT_KEY = "practice_attempt"  # the Practice page's attempt on show
METRIC_WIDTH_PX = 150


def _exercise(exercise_id: str | None) -> Any | None:
    return next((ex for ex in get_exercises() if ex.id == exercise_id), None) if exercise_id else None


def render_script_delivery(attempt: Any, *, settings: Any) -> None:
    """Coverage, deviations and "sounds read", when the attempt's exercise has a script in the language spoken."""
    exercise, report = _exercise(attempt.exercise_id), SessionReport.from_dict(attempt.report)
    spoken = report.language
    script = exercise.script.get(spoken) if exercise is not None else None
    if not script:
        return
    guidelines = get_guidelines(settings)
    result = script_delivery(report, script, lang=spoken, guidelines=guidelines)
    st.subheader(tr("script_title"))
    st.caption(tr("script_help"))
    row = st.container(horizontal=True, gap="small")
    row.metric(tr("script_coverage"), f"{100 * result.coverage:.0f} %", width=METRIC_WIDTH_PX)
    row.metric(tr("script_omitted"), str(result.omitted_words), width=METRIC_WIDTH_PX)
    row.metric(tr("script_added"), str(result.added_words), width=METRIC_WIDTH_PX)
    row.metric(tr("script_substituted"), str(result.substituted_words), width=METRIC_WIDTH_PX)
    verdict = {True: "script_read_yes", False: "script_read_no", None: "script_read_unknown"}[result.sounds_read]
    (st.warning if result.sounds_read else st.info)(f"**{tr('script_sounds_read')}:** {tr(verdict)}",
                                                     icon=":material/menu_book:")
    if result.deviations:
        with st.expander(f"{tr('script_deviations')} ({len(result.deviations)})"):
            items = []
            for d in result.deviations:
                shown = {"omitted": d.script_text, "added": d.said_text}.get(d.kind)
                text = (f"<s>{html.escape(shown)}</s>" if d.kind == "omitted" else f"<ins>{html.escape(shown)}</ins>"
                        ) if shown is not None else (f"<s>{html.escape(d.script_text)}</s> → "
                                                     f"<ins>{html.escape(d.said_text)}</ins>")
                items.append(f'<li data-kind="{d.kind}">{html.escape(tr("dev_" + d.kind))}: {text}</li>')
            st.markdown(f'<ul class="wicara-deviations">{"".join(items)}</ul>', unsafe_allow_html=True)


def _choose(exercise_id: str) -> None:
    st.session_state[EXERCISE_KEY] = exercise_id
    st.session_state.pop(RESULT_KEY, None)


def render_next(attempt: Any, *, key: str, go_practise: bool = False) -> None:
    """The exercise that trains the attempt's weakest dimension, why, and a button that chooses it
    (``go_practise``: and opens the Practice page with it, for a page other than Practice)."""
    report = replace(SessionReport.from_dict(attempt.report), exercise_id=attempt.exercise_id)
    spoken = report.language if report.language in ("id", "en") else lang()
    try:
        step = next_with_reason(report, lang=spoken, exercises=get_exercises())
    except WicaraError:  # no exercise in this language: nothing to suggest
        return
    st.subheader(tr("next_title"))
    why = (tr("next_why", dim=tr(f"dim_{step.dimension}"), score=step.score) if step.dimension is not None
           else tr("next_why_none"))
    st.info(f"**{md(step.exercise.text('title', lang()))}**  \n{md(step.exercise.text('goal', lang()))}  \n{why}",
            icon=":material/fitness_center:")
    if go_practise:
        if st.button(tr("next_button"), key=f"{key}_next", icon=":material/mic:"):
            _choose(step.exercise.id)
            st.switch_page("app_pages/practice.py")
        return
    st.button(tr("next_button"), key=f"{key}_next", on_click=_choose, args=(step.exercise.id,),
              icon=":material/arrow_upward:")


def render_after_attempt(attempt: Any, *, settings: Any, key: str) -> None:
    """Everything the Practice page shows after the report."""
    render_script_delivery(attempt, settings=settings)
    render_next(attempt, key=key)
