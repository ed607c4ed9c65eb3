"""Draw one attempt's report: scores, trainer's feedback (a comment's moment plays when clicked), tips,
timeline, transcript with moments, thresholds.

Used by the Report page, right after an analysis by the Practice page, and by the trainer's
dashboard and review pages. Not a page itself.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages.common import clock, exercise_title, get_guidelines, lang, md, tr, when
from app_pages.report_glance import render_key_messages, render_verdict
from app_pages.report_moments import moment_buttons, player, seek, timeline_chart, word_clicks
from app_pages.score_rules import render_rules
from coach.charts import APP_CONFIG
from coach.charts.attempts import timeline_figure
from coach.i18n import notice_message
from coach.lang.loops import in_stretches
from coach.lang.syllables import is_filled_pause
from coach.report.dimensions import DIMENSION_KEYS, DIMENSIONS
from coach.media.interview import AnswerResult
from coach.report.pipeline import SessionReport, as_report
from coach.report.stored import read_dataclass
from coach.report.verdict import tip_in

_MIME = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "audio/mp4",
         ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg", ".webm": "audio/webm", ".flac": "audio/flac"}
METRIC_WIDTH_PX = 150
_MOMENT_KINDS = ("filler", "long_pause", "monotone", "pace_fast", "pace_slow", "no_comment", "skipped_speech",
                 "recogniser_loop")


def _fmt_score(value: float | None) -> str:
    return tr("not_scored") if value is None else f"{value:.0f}"


def _fmt_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt_value(v) for v in value) if value else "–"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fmt_value(v)}" for k, v in value.items())
    return "–" if value is None else str(value)


def _measured(value: Any) -> str:
    """A measurement in plain words: yes/no and verdicts in the interface language, user text escaped."""
    if isinstance(value, bool):
        return tr("v_yes" if value else "v_no")
    if isinstance(value, str) and value in ("slow", "good", "fast", "transcript", "signal"):
        return tr(f"v_{value}")
    return md(_fmt_value(value))


def _scores(report: SessionReport, feedback: Any | None) -> None:
    computed = report.scores
    # A trainer's override replaces the shown score; the computed one stays visible in the help.
    scores = {**computed, **(feedback.scores if feedback is not None else {})}
    overridden = {o.dimension for o in feedback.overrides} if feedback is not None else set()

    def note(dim: str) -> str | None:
        changed = dim in overridden or (dim == "overall" and bool(overridden))  # the overall follows overrides
        return tr("overridden_help", computed=_fmt_score(computed.get(dim))) if changed else None

    st.metric(tr("overall"), _fmt_score(scores.get("overall")), border=True, help=note("overall"))
    st.markdown(f"**{tr('scores')}**")
    # A wrapping row, not st.columns: columns stack one per line on a phone; this keeps two abreast.
    grid = st.container(horizontal=True, gap="small")
    for dim in (d for d in (*DIMENSION_KEYS, "interview") if d in scores):  # interview: a doorstop answer's
        label = tr(f"dim_{dim}") + (" ✎" if dim in overridden else "")
        grid.metric(label, _fmt_score(scores.get(dim)), width=METRIC_WIDTH_PX, help=note(dim))


def comment_caption(c: Any) -> str:
    """Who wrote a comment and at which moment (or "general"), and when it was last edited, if ever."""
    moment = clock(c.at_s) if c.at_s is not None else tr("comment_general")
    caption = tr("comment_by", author=md(c.author_name), when=moment)
    if getattr(c, "edited_at", None) is not None:
        caption += " · " + tr("comment_edited_on", date=when(c.edited_at))
    return caption


def render_feedback(feedback: Any, *, key: str = "report") -> None:
    """The trainer's score changes (with reasons) and comments, as the participant sees them; a comment
    pinned to a moment has a button that plays the report ``key``'s recording from there."""
    if feedback is None or not (feedback.comments or feedback.overrides or feedback.review_state == "reviewed"):
        return
    st.subheader(tr("trainer_feedback"))
    if feedback.reviewed_at is not None:
        st.caption(tr("reviewed_on", date=when(feedback.reviewed_at)))
    for o in feedback.overrides:
        with st.container(border=True):
            st.markdown(tr("override_line", dim=tr(f"dim_{o.dimension}"), score=f"{o.score:.0f}",
                           computed=_fmt_score(o.computed), author=md(o.author_name)))
            st.text(o.reason)
    for c in sorted(feedback.comments, key=lambda c: (c.at_s is None, c.at_s or 0.0, c.id)):
        with st.container(border=True):
            st.caption(comment_caption(c))
            st.text(c.text)
            if c.at_s is not None:
                st.button(tr("moment_play", time=clock(c.at_s)), key=f"{key}_comment_{c.id}", on_click=seek,
                          args=(key, c.at_s), type="tertiary", icon=":material/play_arrow:")


def _tips(report: SessionReport, key: str) -> None:
    """The report's tips in the reader's language (written again from the measurements when the speech was in
    the other one; words quoted from the speech stay as said)."""
    st.subheader(tr("tips"))
    if not report.tips:
        st.success(tr("no_tips"))
    reader = lang()
    for n, tip in enumerate(report.tips):
        text = tip.text if reader == report.language else tip_in(report, tip.dimension, reader, get_guidelines())[0]
        lines = [f"**{tr('dim_' + tip.dimension)}.** {md(text or tip.text)}"]
        if tip.moments_s:
            lines.append(tr("moments", times=", ".join(clock(m) for m in tip.moments_s)))
        if tip.drill:
            lines.append(tr("drill", drill=md(exercise_title(tip.drill))))
        st.info("  \n".join(lines), icon=":material/lightbulb:")
        moment_buttons(tip.moments_s, key=key, name=f"tip{n}")  # each moment plays when clicked


def moments(report: SessionReport | dict[str, Any], comments: Any = ()) -> list[tuple[float, str]]:
    """Moments worth replaying, in time order: (seconds, label); ``comments``: a trainer's, pinned ones."""
    report = as_report(report)
    out: dict[tuple[float, str], str] = {}
    for c in comments:
        if c.at_s is not None:
            text = " ".join(str(c.text).split())
            short = text if len(text) <= 60 else text[:59] + "…"
            out[(round(float(c.at_s), 2), f"comment{c.id}")] = f"{clock(c.at_s)} · {tr('kind_comment')}: {short}"
    for e in report.timeline:
        if e.kind in _MOMENT_KINDS:
            label = f"{clock(e.start)} · {tr('kind_' + e.kind)}"
            if e.label and e.kind in ("filler", "long_pause"):
                label += f" “{e.label}”" if e.kind == "filler" else f" ({e.label})"
            out[(round(float(e.start), 2), e.kind)] = label
    for tip in report.tips:
        for m in tip.moments_s:
            label = f"{clock(m)} · {tr('kind_tip')}: {tr('dim_' + tip.dimension)}"
            out.setdefault((round(float(m), 2), "tip"), label)
    return [(start, label) for (start, _), label in sorted(out.items())]


def transcript_html(report: SessionReport) -> str:
    """The transcript as escaped HTML: fillers in <mark>, long pauses and unheard fillers as inline markers,
    words the recogniser wrote in a loop greyed (not analysed: :attr:`SessionReport.loop_stretches`); each word and
    marker carries its start (s) in ``data-t``, so a click on it can play from there."""
    words = report.transcript.words
    loops = report.loop_stretches
    fillers = report.fillers.events
    spoken = [f for f in fillers if f.source == "transcript"]
    inserts: list[tuple[float, str]] = [
        (float(f.start), f'<mark title="{clock(f.start)}" data-t="{f.start:.2f}">{html.escape(str(f.text))}</mark>')
        for f in fillers if f.source != "transcript"
    ]
    inserts += [
        (float(p.start), (f'<span class="wicara-pause" title="{clock(p.start)}" data-t="{p.start:.2f}">'
                          f'{tr("pause_word")} {p.duration_s:.1f} s</span>'))
        for p in report.pauses.events if p.long
    ]
    inserts.sort(key=lambda item: item[0])
    parts: list[str] = []
    i = 0
    for w in words:
        while i < len(inserts) and inserts[i][0] < w.start:
            parts.append(inserts[i][1])
            i += 1
        text = html.escape(str(w.text))
        mid = (w.start + w.end) / 2
        # a written hesitation spans the sound heard under it (coach.analysis.fillers.with_heard), which may
        # reach into the next word: only the hesitation itself is marked
        if any(float(f.start) - 0.05 <= mid <= float(f.end) + 0.05
               and (is_filled_pause(w.text) or not is_filled_pause(f.text)) for f in spoken):
            text = f'<mark title="{clock(w.start)}">{text}</mark>'
        elif in_stretches(w, loops):
            text = f'<span class="wicara-loop" title="{html.escape(tr("kind_recogniser_loop"))}">{text}</span>'
        parts.append(f'<span data-t="{w.start:.2f}">{text}</span>')
    parts += [item[1] for item in inserts[i:]]
    return " ".join(parts)


def _audio_bytes(attempt: Any) -> tuple[bytes, str] | None:
    path = getattr(attempt, "audio_path", None)
    if path is None or not Path(path).is_file():
        return None
    return Path(path).read_bytes(), _MIME.get(Path(path).suffix.lower(), "audio/wav")


def _transcript_and_player(report: SessionReport, attempt: Any, key: str, comments: Any = ()) -> None:
    st.subheader(tr("transcript"))
    audio = _audio_bytes(attempt)
    if audio is None:
        st.caption(tr("audio_missing"))
    else:
        options = [(0.0, tr("from_start")), *moments(report, comments)]

        def picked() -> None:
            choice = st.session_state[f"{key}_moment"]
            seek(key, options[choice][0] if choice else None)

        st.selectbox(tr("play_from"), range(len(options)), format_func=lambda i: options[i][1],
                     key=f"{key}_moment", on_change=picked)
        player(audio, key=key)
        st.caption(tr("transcript_click"))
    scope = word_clicks(key) if audio is not None else ""
    st.markdown(
        f'<div class="wicara-transcript" lang="{html.escape(report.language)}" data-seek="{html.escape(scope)}">'
        f"{transcript_html(report)}</div>",
        unsafe_allow_html=True,
    )
    st.markdown(f'<div class="wicara-legend">{tr("transcript_legend")}</div>', unsafe_allow_html=True)


def _thresholds(report: SessionReport, settings: Any) -> None:
    guidelines = get_guidelines(settings)
    scores = report.scores
    for d in DIMENSIONS:
        dim, section, fields = d.key, d.section, d.measures
        with st.expander(f"{tr(d.label_key)}: {_fmt_score(scores.get(dim))} · {tr('thresholds')}"):
            measured = getattr(report, section)
            lines = [f"- {tr(f'm_{section}_{name}')}: {_measured(getattr(measured, name))}" for name in fields]
            if dim == "messages":
                lines += [f"- {':material/check:' if m.covered else ':material/close:'} {md(m.text or '')}"
                          for m in report.messages.key_messages]
            if lines:
                st.markdown(f"**{tr('details')}**\n\n" + "\n".join(lines))
            render_rules(guidelines, d.guidelines_section, report.language)
    if report.extra.get("interview"):  # a doorstop answer: its interview aspects, one dimension of the overall
        answer = read_dataclass(AnswerResult, report.extra["interview"])
        with st.expander(f"{tr('dim_interview')}: {_fmt_score(scores.get('interview'))} · {tr('thresholds')}"):
            lines = [f"- {tr(f'aspect_{name}')}: {_fmt_score(value)}"
                     for name, value in (answer.aspects or {}).items() if value is not None]
            if answer.latency_s is not None:
                question = answer.latency_basis == "question"
                basis = "doorstop_latency_question" if question else "doorstop_latency"
                lines.append(f"- {tr(basis, s=float(answer.latency_s))}")
            st.markdown(f"**{tr('details')}**\n\n" + "\n".join(lines))
            render_rules(guidelines, "interview", report.language)


_CSS = """
<style>
.wicara-transcript { line-height: 1.9; overflow-wrap: anywhere; font-size: 1.02rem; }
.wicara-legend { font-size: 0.85rem; opacity: 0.8; }
.wicara-transcript mark, .wicara-legend mark { background: #ffe0b2; padding: 0 2px; border-radius: 3px; }
.wicara-pause { background: #d0f2f6; padding: 0 4px; border-radius: 3px; white-space: nowrap; font-size: 0.9em; }
.wicara-loop { opacity: 0.45; text-decoration: line-through; }
.wicara-transcript[data-seek$="_words"] [data-t] { cursor: pointer; }
.wicara-transcript[data-seek$="_words"] [data-t]:hover { text-decoration: underline; }
</style>
"""


def render_report(attempt: Any, *, settings: Any, key: str = "report", feedback: Any | None = None,
                  after_warnings: Callable[[], Any] | None = None) -> None:
    """Everything about one saved attempt (an :class:`coach.store.database.Attempt`), with the trainer's
    :class:`~coach.store.types.Feedback` when given (effective scores, comments, overrides).
    ``after_warnings``: drawn under the report's warnings (the offer to analyse it again in another language)."""
    report = SessionReport.from_dict(attempt.report)
    st.markdown(_CSS, unsafe_allow_html=True)
    created = getattr(attempt, "created_at", None)
    meta = [md(exercise_title(attempt.exercise_id)), f"{tr('duration')} {clock(report.duration_s)}",
            f"{tr('language')} {report.language.upper()}"]
    if created is not None:
        meta.insert(0, when(created))
    st.caption(" · ".join(meta))
    for w in report.warnings:
        st.warning(notice_message(w.code, lang(), start=w.start_s, end=w.end_s, fallback=w.message))
    if after_warnings is not None:
        after_warnings()
    render_verdict(report, attempt, key=key, feedback=feedback)  # the report opens with its verdict in words
    _scores(report, feedback)
    render_feedback(feedback, key=key)
    _tips(report, key)
    render_key_messages(report, key=key)
    st.subheader(tr("timeline"))
    st.caption(f"{tr('timeline_help')} {tr('timeline_click')}")
    timeline_chart(timeline_figure(report, lang=lang()), key=key, config=APP_CONFIG)
    _transcript_and_player(report, attempt, key, feedback.comments if feedback is not None else ())
    st.subheader(tr("why_scores"))
    _thresholds(report, settings)
