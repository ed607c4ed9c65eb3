"""The top of a report, read at a glance: the verdict in words, and the key messages with where each was said.

The verdict (:mod:`coach.report.verdict`) compares with the same person's attempt before this one, as the
signed-in viewer may see it (their own, or a trainer's participant's). Not a page itself.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import clock, get_guidelines, get_store, lang, md, principal, tr
from app_pages.report_moments import moment_buttons, seek
from coach.errors import WicaraError
from coach.report.coverage import message_coverage
from coach.report.pipeline import SessionReport
from coach.report.verdict import PastAttempt, make_verdict, previous_attempt, verdict_lines
from coach.workspace import operations as workspace

__all__ = ["render_key_messages", "render_verdict"]

_ICONS = {"strongest": ":material/star:", "fix": ":material/build:", "fine": ":material/check_circle:",
          "change": ":material/trending_up:", "first": ":material/flag:"}
_STATE_ICONS = {"covered": ":green[:material/check_circle:]", "partly": ":orange[:material/timelapse:]",
                "not": ":red[:material/cancel:]"}


def _previous(attempt: Any) -> tuple[PastAttempt, bool] | None:
    """The attempt to compare with (same person; same exercise if any), as far as the viewer may see."""
    who, person_id = principal(), getattr(attempt, "person_id", None)
    if who is None or person_id is None:
        return None
    try:
        history = workspace.progress(get_store(), who, person_id)
    except WicaraError:  # the viewer may see this attempt but not the person's others: no comparison
        return None
    return previous_attempt(history, attempt_id=attempt.id, created_at=getattr(attempt, "created_at", None),
                            exercise_id=attempt.exercise_id)


def render_verdict(report: SessionReport, attempt: Any, *, key: str, feedback: Any | None = None) -> None:
    """The strongest point, the one thing to fix (with its moments), and the change since the attempt before."""
    scores = {**report.scores, **(feedback.scores if feedback is not None else {})}
    verdict = make_verdict(report, lang=lang(), scores=scores, previous=_previous(attempt),
                           guidelines=get_guidelines())
    with st.container(border=True, key=f"{key}_verdict"):
        st.markdown(f"**{tr('verdict_title')}**")
        for line in verdict_lines(verdict, lang()):
            st.markdown(f"{_ICONS[line.kind]} **{md(line.label)}:** {md(line.text)}")
            if line.kind == "fix":
                moment_buttons(verdict.fix_moments_s, key=key, name="verdict")


def render_key_messages(report: SessionReport, *, key: str) -> None:
    """Each key message: covered, partly said or not heard, and a button playing where it was (first) said."""
    rows = message_coverage(report)
    if not rows:
        return
    st.subheader(tr("km_title"))
    st.caption(tr("km_help"))
    for i, row in enumerate(rows):
        state = (tr("km_partly", share=f"{100 * row.share:.0f}") if row.state == "partly"
                 else tr(f"km_{row.state}"))
        line = st.container(horizontal=True, gap="small", vertical_alignment="center", key=f"{key}_km_{i}")
        line.markdown(f"{_STATE_ICONS[row.state]} **{md(row.text)}** · {state}")
        if row.at_s is not None:
            label = tr("km_first" if row.state == "covered" else "km_fullest", time=clock(row.at_s))
            line.button(label, key=f"{key}_km_play_{i}", on_click=seek, args=(key, row.at_s), type="tertiary",
                        icon=":material/play_arrow:", help=tr("moment_play", time=clock(row.at_s)))
