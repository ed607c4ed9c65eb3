"""The way a recording comes in (issue 16, items 9 and 10), driven by AppTest: the uploader in the interface
language with Wicara's real limits, the Analyse button that waits for audio and says so beside it, and the
progress brought into view once an analysis is asked for."""

from __future__ import annotations

import streamlit as st
from test_app import SAMPLES, _no_exception, _signed_in


def _styles(at) -> str:
    return "\n".join(e.proto.body for e in at.get("html") if e.proto.body.lstrip().startswith("<style>"))


def test_the_uploader_speaks_the_ui_language_and_states_wicaras_own_limits(data_dir, monkeypatch):
    monkeypatch.setenv("WICARA_MAX_UPLOAD_MB", "50")
    monkeypatch.setenv("WICARA_MAX_DURATION_S", "600")
    st.cache_resource.clear()  # the settings are read once per process
    at, _ = _signed_in()
    at.run()
    _no_exception(at)
    assert at.file_uploader(key="practice_upload").proto.max_upload_size_mb == 50  # not Streamlit's 200
    css = _styles(at)
    assert '.st-key-practice_upload [data-testid=stFileUploaderDropzone] button::after { content: "Pilih berkas"; }' in css
    assert "Maksimal 10 menit dan 50 MB per berkas · WAV, MP3, M4A" in css
    assert "Limit" not in css and "200" not in css
    at.sidebar.selectbox(key="lang_sidebar").set_value("en").run()
    css = _styles(at)
    assert 'content: "Choose file"' in css and "Up to 10 minutes and 50 MB per file · WAV" in css


def test_the_server_refuses_what_the_uploader_refuses(monkeypatch):
    from streamlit import config

    import serve  # noqa: F401 - sets the option when the server loads it

    assert config.get_option("server.maxUploadSize") == serve.load_settings().max_upload_mb
    default = (SAMPLES.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert f"maxUploadSize = {type(serve.load_settings()).model_fields['max_upload_mb'].default}" in default


def test_analyse_waits_for_audio_then_brings_its_progress_into_view(data_dir, monkeypatch):
    monkeypatch.setenv("WICARA_APP_WORKERS", "0")  # the analysis stays queued: its panel is what we look at
    st.cache_resource.clear()
    at, _ = _signed_in()
    at.run()
    row = at.main.children[len(at.main.children) - 2]  # the button's row: Analisis, and what it waits for
    assert [type(e).__name__ for e in row.children.values()] == ["Button", "Caption"]
    assert row.children[0].disabled and row.children[1].value == "Rekam atau unggah pidato dulu."

    wav = (SAMPLES / "en_rate_250.wav").read_bytes()
    at.file_uploader(key="practice_upload").set_value(("pidato.wav", wav, "audio/wav")).run()
    assert not at.button(key="practice_analyse").disabled and not at.caption.values.count("Rekam atau unggah pidato dulu.")
    at.button(key="practice_analyse").click().run()
    _no_exception(at)
    assert "practice_job" in at.session_state
    scripts = [e.proto for e in at.get("html") if "scrollIntoView" in e.proto.body]
    assert len(scripts) == 1 and scripts[0].unsafe_allow_javascript
    assert 'document.querySelector(".st-key-practice_jobs")' in scripts[0].body
    assert at.get("progress")[0].proto.text  # the panel it scrolls to is on the page
    at.run()  # later reruns do not scroll again
    assert not [e for e in at.get("html") if "scrollIntoView" in e.proto.body]
