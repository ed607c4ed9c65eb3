"""Moments that play when clicked: the report's audio player and what seeks it.

Every control that names a moment (a tip's moments, a key message's mention, the moments box, a point on
the timeline chart, a word of the transcript) writes the moment to the session (:func:`seek`); the player
(:func:`player`) starts there and plays. Transcript words carry their start in ``data-t``; a small
component (no frame, no visible part) turns a click on one into a seek. Not a page itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import plotly.graph_objects as go
import streamlit as st
from streamlit.components.v2 import component

from app_pages.common import clock, tr

__all__ = ["LEAD_IN_S", "moment_buttons", "player", "seek", "start_key", "timeline_chart", "word_clicks"]

LEAD_IN_S = 0.3  # the player starts this much before a moment, so its first sound is heard whole

# Clicks on [data-t] inside the element whose data-seek names this report become a "seek" event.
_WORD_CLICKS_JS = """
export default function (component) {
  const scope = component.data && component.data.scope;
  const onClick = (event) => {
    const hit = event.target instanceof Element ? event.target.closest("[data-t]") : null;
    const host = hit ? hit.closest("[data-seek]") : null;
    if (!host || host.getAttribute("data-seek") !== scope) return;
    const at = Number.parseFloat(hit.getAttribute("data-t"));
    if (Number.isFinite(at)) component.setTriggerValue("seek", at);
  };
  document.addEventListener("click", onClick);
  return () => document.removeEventListener("click", onClick);
}
"""
_WORD_CLICKS = component("wicara_word_clicks", js=_WORD_CLICKS_JS)


def start_key(key: str) -> str:
    """The session key holding the moment (s) the report ``key``'s player starts at; absent: the start."""
    return f"{key}_start"


def seek(key: str, at_s: float | None) -> None:
    """Play the report ``key``'s recording from ``at_s`` seconds (None: from the start, without playing)."""
    if at_s is None:
        st.session_state.pop(start_key(key), None)
    else:
        st.session_state[start_key(key)] = max(0.0, float(at_s))


def moment_buttons(moments_s: Sequence[float], *, key: str, name: str, labels: Sequence[str] | None = None) -> None:
    """One small button per moment, in a wrapping row; a click plays from it. ``name``: unique within the report."""
    if not moments_s:
        return
    row = st.container(horizontal=True, gap="small")
    for i, at in enumerate(moments_s):
        label = labels[i] if labels is not None else clock(at)
        row.button(label, key=f"{key}_{name}_{i}", on_click=seek, args=(key, at), type="tertiary",
                   icon=":material/play_arrow:", help=tr("moment_play", time=clock(at)))


def player(audio: tuple[bytes, str], *, key: str) -> None:
    """The recording, from the moment last clicked (and playing), else from the start."""
    start = st.session_state.get(start_key(key))
    st.audio(audio[0], format=audio[1], start_time=max(0.0, start - LEAD_IN_S) if start is not None else 0,
             autoplay=start is not None)


def _from_words(key: str, component_key: str) -> None:
    seek(key, st.session_state[component_key]["seek"])


def word_clicks(key: str) -> str:
    """Make the words (``[data-t]``) under ``data-seek="<returned value>"`` play when clicked."""
    scope = f"{key}_words"
    _WORD_CLICKS(key=scope, data={"scope": scope}, height=0, on_seek_change=partial(_from_words, key, scope))
    return scope


def _from_chart(key: str, chart_key: str) -> None:
    points = st.session_state[chart_key].selection.points
    xs = [p["x"] for p in points if isinstance(p.get("x"), (int, float))]
    if xs:
        seek(key, min(xs))


def timeline_chart(figure: go.Figure, *, key: str, config: dict[str, Any]) -> None:
    """The timeline; a click on a point of it plays from that moment (its time on the x axis)."""
    chart_key = f"{key}_timeline"
    figure.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "scatter"})  # no dimming
    st.plotly_chart(figure, key=chart_key, width="stretch", config=config, on_select=partial(_from_chart, key, chart_key),
                    selection_mode="points")
