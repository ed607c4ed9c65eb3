"""Pemeriksa siaran pers: paste or upload a press release; the ADIKSIMBA / 5W1H checklist of its lead,
its score, and the findings marked on the text and listed by line and column. Text only, nothing saved."""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from app_pages.common import get_guidelines, get_settings, identity_form, lang, run, show_error, tr, trn
from coach.errors import WicaraError
from coach.i18n import t
from coach.media.press_release import check_press_release
from coach.media.press_release_view import decode_press_release, finding_numbers, marked_html

TEXT_KEY = "pr_text"
UPLOAD_KEY = "pr_upload"
CHECKED_KEY = "pr_checked"
UPLOAD_ERROR_KEY = "pr_upload_error"
LANG_OPTIONS = ["id", "en", "auto"]
MAX_CHARS = 50_000

_CSS = """
<style>
.wicara-release { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.7; padding: 0.75rem 1rem;
                  border: 1px solid rgba(128, 128, 128, 0.35); border-radius: 0.5rem; font-size: 0.98rem; }
.wicara-release mark { padding: 0 1px; border-radius: 3px; color: inherit; cursor: help; }
.wicara-release mark.wicara-error { background: rgba(229, 57, 53, 0.25); }
.wicara-release mark.wicara-warning { background: rgba(255, 167, 38, 0.3); }
.wicara-checklist, .wicara-findings { list-style: none; padding-left: 0; }
.wicara-release sup.wicara-ref { font-weight: 600; padding-left: 1px; }
.wicara-checklist li, .wicara-findings li { margin: 0.2rem 0; }
.wicara-where { font-variant-numeric: tabular-nums; font-weight: 600; }
.wicara-ok { color: #2e7d32; font-weight: 700; }
.wicara-no { color: #c62828; font-weight: 700; }
.wicara-later { color: #ef6c00; font-weight: 700; }
</style>
"""
# Text symbols, not emoji: they render with ordinary fonts (an offline kiosk may have no emoji font).
_ICONS = {"ok": '<span class="wicara-ok">✓</span>', "no": '<span class="wicara-no">✗</span>',
          "later": '<span class="wicara-later">⚠</span>'}


def _loaded() -> None:
    """A file was chosen: its text goes into the text area, where it can be edited before checking."""
    st.session_state.pop(UPLOAD_ERROR_KEY, None)
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    try:
        st.session_state[TEXT_KEY] = decode_press_release(uploaded.getvalue(), name=uploaded.name)[:MAX_CHARS]
    except WicaraError as e:
        st.session_state[UPLOAD_ERROR_KEY] = e


def _checklist(result: Any) -> str:
    items = []
    for el in result.elements:
        label = html.escape(tr(f"pr_el_{el.name}"))
        evidence = html.escape(" ".join((el.evidence or "").split()))
        if el.in_lead:
            icon, state = _ICONS["ok"], tr("pr_in_lead", evidence=evidence)
        elif el.paragraph is not None:
            icon, state = _ICONS["later"], tr("pr_later", n=el.paragraph + 1, evidence=evidence)
        else:
            icon, state = _ICONS["no"], html.escape(tr("pr_missing"))
        items.append(f'<li data-element="{el.name}" data-in-lead="{str(el.in_lead).lower()}">{icon} '
                     f"<b>{label}</b>: {state}</li>")
    return '<ul class="wicara-checklist">' + "".join(items) + "</ul>"


def _findings(result: Any) -> str:
    items = []
    numbers = finding_numbers(result.findings)
    for i, f in enumerate(result.findings):
        where = f"{f.line}:{f.column}" if f.line is not None else tr("pr_whole_text")
        if i in numbers:  # the same number stands beside its passage in the marked text: no hover needed
            where = f"[{numbers[i]}] {where}"
        icon = _ICONS["no"] if f.severity == "error" else _ICONS["later"]
        items.append(f'<li data-code="{html.escape(f.code)}">{icon} <span class="wicara-where">'
                     f"{html.escape(where)}</span> · {html.escape(tr(f'severity_{f.severity}'))} · "
                     f"{html.escape(f.message)}</li>")
    return '<ul class="wicara-findings">' + "".join(items) + "</ul>"


def _show(text: str, result: Any) -> None:
    ui = lang()
    st.markdown(_CSS, unsafe_allow_html=True)
    st.metric(tr("pr_score"), f"{result.score:.0f}", border=True)
    st.caption(trn("pr_checks_passed", result.lead_words, language=t(f"lang_{result.language}", ui),
                   words=result.lead_words, limit=result.lead_words_max))
    st.subheader(tr("pr_elements"))
    st.markdown(_checklist(result), unsafe_allow_html=True)
    st.subheader(tr("pr_findings"))
    if result.findings:
        st.markdown(_findings(result), unsafe_allow_html=True)
    else:
        st.success(tr("pr_no_findings"), icon=":material/check_circle:")
    st.subheader(tr("pr_marked"))
    st.caption(tr("pr_marked_help"))
    st.markdown(f'<div class="wicara-release">{marked_html(text, result.findings, numbered=True)}</div>', unsafe_allow_html=True)


st.title(tr("pr_title"))
if identity_form() is None:  # nothing is saved, but the page is for the signed-in, as the navigation says
    st.stop()
st.caption(tr("pr_intro"))
text = st.text_area(tr("pr_text_label"), key=TEXT_KEY, height=300, max_chars=MAX_CHARS)
st.file_uploader(tr("pr_upload_label"), type=["txt"], key=UPLOAD_KEY, on_change=_loaded)
if UPLOAD_ERROR_KEY in st.session_state:
    show_error(st.session_state[UPLOAD_ERROR_KEY])
settings, ui = get_settings(), lang()
pr_lang = st.selectbox(tr("pr_language"), LANG_OPTIONS, key="pr_lang", index=LANG_OPTIONS.index(settings.language),
                       format_func=lambda code: t(f"lang_{code}", ui))
if st.button(tr("pr_check"), type="primary", key="pr_check"):
    st.session_state[CHECKED_KEY] = True
if st.session_state.get(CHECKED_KEY):  # once checked, the results follow the text as it is edited
    if not (text or "").strip():
        st.warning(tr("pr_empty"), icon=":material/edit_note:")
    else:
        result = run(lambda: check_press_release(text, lang=pr_lang, guidelines=get_guidelines(settings)))
        if result is not None:
            _show(text, result)
