"""The recording's way in on the Practice and Doorstop pages: the microphone recorder asking for the
microphone's own sound, the file uploader in the interface language with Wicara's real limits, the Analyse
button with what it waits for beside it, and the progress brought into view.

A browser asked for a microphone with its defaults (as ``st.audio_input`` asks) cleans the sound up for a call
first: Chrome and Edge suppress noise, adjust the gain and cancel echo. That processing costs the filled-pause
detector a third of the real fillers (docs/benchmark-history.md, fifteenth round: ``benchmarks/conditions.py
--conditions clean,browser``), and a speech coach wants the voice as it sounded. Streamlit has no option for
the constraints, so :func:`audio_recorder` puts a small script on the page that asks for the microphone with
``echoCancellation``, ``noiseSuppression`` and ``autoGainControl`` off, unless a caller asked otherwise.

Streamlit's uploader has no API for its own texts ("Upload", "200MB per file"): a small CSS rule scoped
to the one widget (``.st-key-<key>``) hides them and shows the same places in the UI language, with the
longest recording (``max_duration_s``) and the largest file (``max_upload_mb``, the widget's
``max_upload_size``; serve.py sets ``server.maxUploadSize`` to the same value).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import AUDIO_TYPES, get_settings, tr, trn

__all__ = ["analyse_button", "audio_recorder", "audio_uploader", "bring_into_view", "limits_text", "uploader_css"]


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def limits_text() -> str:
    """What the uploader takes, in the UI language: the longest recording, the largest file, the formats."""
    settings = get_settings()
    minutes = settings.max_duration_s / 60
    n: float = int(minutes) if minutes == int(minutes) else round(minutes, 1)
    return trn("upload_limits", n, mb=settings.max_upload_mb, types=", ".join(t.upper() for t in AUDIO_TYPES))


def uploader_css(key: str) -> str:
    """The style that puts the uploader ``key``'s own texts in the UI language (its button, its limits)."""
    scope = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    return (f"<style>{scope} button [data-testid=stMarkdownContainer] {{ display: none; }}"
            f"{scope} button::after {{ content: {_css_string(tr('upload_button'))}; }}"
            f"{scope} [data-testid=stFileUploaderDropzoneInstructions] > * {{ display: none; }}"
            f"{scope} [data-testid=stFileUploaderDropzoneInstructions]::after {{ "
            f"content: {_css_string(limits_text())}; font-size: 0.875rem; opacity: 0.75; }}</style>")


def audio_uploader(where: Any, label: str, *, key: str, **kwargs: Any) -> Any:
    """``where.file_uploader`` for one recording, with Wicara's limits and texts in the UI language."""
    where.html(uploader_css(key))
    return where.file_uploader(label, type=AUDIO_TYPES, key=key, max_upload_size=get_settings().max_upload_mb,
                               **kwargs)


# Installed once per page (the browser keeps it across Streamlit's reruns and page changes).
_RAW_MICROPHONE = """<script>
(() => {
  const devices = navigator.mediaDevices;
  if (!devices || !devices.getUserMedia || devices.getUserMedia.wicaraRaw) return;
  const ask = devices.getUserMedia.bind(devices);
  const RAW = {echoCancellation: false, noiseSuppression: false, autoGainControl: false};
  const raw = (constraints) => {
    if (constraints && constraints.audio) {
      const audio = constraints.audio === true ? {} : constraints.audio;
      constraints = {...constraints, audio: {...RAW, ...audio}};
    }
    return ask(constraints);
  };
  raw.wicaraRaw = true;
  devices.getUserMedia = raw;
})();
</script>"""


def audio_recorder(where: Any, label: str, *, key: str, **kwargs: Any) -> Any:
    """``where.audio_input``, recording the microphone's own sound (no noise suppression, automatic gain or
    echo cancellation by the browser)."""
    where.html(_RAW_MICROPHONE, unsafe_allow_javascript=True)
    return where.audio_input(label, key=key, **kwargs)


def analyse_button(label: str, *, key: str, busy: bool, ready: bool, missing: str) -> bool:
    """The primary button, disabled while an analysis runs or until there is audio (a file still uploading
    is none yet); ``missing`` (what to do first) stands beside it, where the visitor is looking."""
    row = st.container(horizontal=True, vertical_alignment="center", key=f"{key}_row")
    clicked = row.button(label, type="primary", key=key, disabled=busy or not ready)
    if not ready and not busy:
        row.caption(missing)
    return clicked and not busy and ready


_SCROLL = """<script>
(() => {{
  const started = Date.now();
  const look = () => {{
    const el = document.querySelector({selector});
    if (el) {{ el.scrollIntoView({{block: "center", behavior: "smooth"}}); return; }}
    if (Date.now() - started < 5000) setTimeout(look, 100);
  }};
  look();
}})();
</script>"""


def bring_into_view(key: str) -> None:
    """Scroll the element keyed ``key`` (``.st-key-<key>``) to the middle of the screen once it is drawn:
    the progress of an analysis that was just asked for, which would otherwise appear below the fold."""
    selector = '".st-key-' + "".join(c for c in key if c.isalnum() or c in "_-") + '"'
    st.html(_SCROLL.format(selector=selector), unsafe_allow_javascript=True)
