"""Sessions that survive a reload, the start-up check of every setting, file and the database, the
self-study upload cap, and user text kept inert (issue 14). The role × resource table and sign-in
throttling are in tests/test_auth.py; files and the CSV guard in test_store.py and test_export.py."""

from __future__ import annotations

import os
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from trainer_helpers import make_world, scored_report

from coach.workspace import auth, sessions, operations as workspace
from coach.cli import main
from coach.config import load_settings
from coach.errors import ConfigError, QuotaError
from coach.i18n import error_message
from coach.preflight import check_startup
from coach.safe_text import plain_html, plain_md

KEY = b"k" * 32


def test_a_session_cookie_is_signed_expiring_and_revocable(store):
    world = make_world(store)
    session_id, handoff = sessions.begin(store, world.budi.id, lifetime=timedelta(days=7))
    cookie, expires = sessions.redeem(store, KEY, handoff)
    assert sessions.redeem(store, KEY, handoff) is None  # the handoff works once
    assert timedelta(days=6) < expires - datetime.now(UTC) <= timedelta(days=7)
    assert sessions.resolve(store, KEY, cookie) == (world.budi.id, session_id)  # a reload signs Budi in
    sid, secret, expiry, signature = cookie.split(".")
    assert sessions.resolve(store, b"x" * 32, cookie) is None  # another server key: forged
    assert sessions.resolve(store, KEY, f"{sid}.{secret}.{int(expiry) + 9999}.{signature}") is None  # tampered
    assert sessions.resolve(store, KEY, cookie, now=expires + timedelta(seconds=1)) is None  # expired
    assert sessions.resolve(store, KEY, None) is None and sessions.resolve(store, KEY, "junk") is None
    sessions.revoke(store, session_id)  # sign-out
    assert sessions.resolve(store, KEY, cookie) is None and not sessions.is_live(store, session_id)


def test_changing_or_resetting_a_pin_ends_every_session_of_that_person(store):
    world = make_world(store)
    cookies = []
    for _ in range(2):  # a phone and a laptop
        _, handoff = sessions.begin(store, world.budi.id, lifetime=timedelta(days=7))
        cookies.append(sessions.redeem(store, KEY, handoff)[0])
    auth.change_password(store, world.budi, "111928", "864209")
    assert [sessions.resolve(store, KEY, c) for c in cookies] == [None, None]
    _, handoff = sessions.begin(store, world.budi.id, lifetime=timedelta(days=7))
    cookie = sessions.redeem(store, KEY, handoff)[0]
    workspace.reset_pin(store, world.tia, world.budi.id, "579024")
    assert sessions.resolve(store, KEY, cookie) is None


def test_a_stale_handoff_is_refused(store):
    world = make_world(store)
    _, handoff = sessions.begin(store, world.tia.id, lifetime=timedelta(days=7))
    found = store.claim_handoff(sessions._sha256(handoff), "x" * 64, now=datetime.now(UTC) + timedelta(minutes=3),
                                max_age=sessions.HANDOFF_MAX_AGE)
    assert found is None and sessions.redeem(store, KEY, handoff) is None


def test_the_session_key_is_private_and_stable(tmp_path):
    key = sessions.load_key(tmp_path)
    assert len(key) == 32 and sessions.load_key(tmp_path) == key
    assert (tmp_path / "session.key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("env", "named"), [
    ({"WICARA_CPU_THREADS": "100000"}, "WICARA_CPU_THREADS"),
    ({"WICARA_MAX_DURATION_S": "inf"}, "WICARA_MAX_DURATION_S"),
    ({"WICARA_MIN_DURATION_S": "nan"}, "WICARA_MIN_DURATION_S"),
    ({"WICARA_MIN_DURATION_S": "60", "WICARA_MAX_DURATION_S": "30"}, "WICARA_MIN_DURATION_S"),
    ({"WICARA_DATA_DIR": ""}, "WICARA_DATA_DIR"),
    ({"WICARA_SESSION_DAYS": "0"}, "WICARA_SESSION_DAYS"),
    ({"WICARA_SELF_STUDY_DAILY_UPLOADS": "-1"}, "WICARA_SELF_STUDY_DAILY_UPLOADS"),
])
def test_bad_setting_values_are_refused_naming_the_setting(monkeypatch, env, named):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=named):
        load_settings()


def test_the_start_up_check_names_each_bad_file_setting_and_the_database(tmp_path, monkeypatch):
    import coach.preflight as preflight

    monkeypatch.setattr(preflight, "_cuda_devices", lambda: 0)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    settings = load_settings(device="cuda", model_cache_dir=blocked / "models", guidelines_file=tmp_path,
                             data_dir=tmp_path / "data", database_url="postgresql+psycopg://nobody@127.0.0.1:9/x")
    problems = {p.where: p for p in check_startup(settings)}
    assert set(problems) == {"WICARA_DEVICE", "WICARA_MODEL_CACHE_DIR", "WICARA_GUIDELINES_FILE",
                             "WICARA_DATABASE_URL"}
    assert "set it to cpu or auto" in problems["WICARA_DEVICE"].message
    assert "is a folder" in problems["WICARA_GUIDELINES_FILE"].message
    assert "check WICARA_DATABASE_URL" in problems["WICARA_DATABASE_URL"].message
    assert all(p.fatal for p in problems.values())


def test_a_broken_exercise_file_is_named_and_the_others_stay(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    for path in sorted(Path(__file__).resolve().parent.parent.joinpath("exercises").glob("*.toml"))[:2]:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "rusak.toml").write_text("id = 'rusak'\ntitle = [unclosed", encoding="utf-8")
    settings = load_settings(data_dir=tmp_path / "data")
    problems = check_startup(settings, exercises_dir=folder)
    assert [(Path(p.where).name, p.fatal) for p in problems] == [("rusak.toml", False)]


def test_the_cli_checks_settings_at_start_with_one_message_each(tmp_path):
    runner = CliRunner()
    env = {"WICARA_DATA_DIR": str(tmp_path), "WICARA_DATABASE_URL": "sqlite:///" + str(tmp_path / "d.db"),
           "WICARA_GUIDELINES_FILE": str(tmp_path)}
    result = runner.invoke(main, ["admin", "list"], env=env)
    assert result.exit_code == 1
    assert result.output.startswith("Error: Wicara cannot start: WICARA_GUIDELINES_FILE: ")
    assert "Unexpected error" not in result.output
    env = {"WICARA_DATA_DIR": str(tmp_path), "WICARA_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/x"}
    result = runner.invoke(main, ["admin", "list"], env=env)
    assert result.exit_code == 1 and "WICARA_DATABASE_URL" in result.output and "check WICARA_DATABASE_URL" in result.output


def test_self_learners_have_a_daily_upload_cap(store):
    ana = auth.join_self_study(store, "Ana", "582914")
    settings = load_settings(self_study_daily_uploads=2)
    now = datetime.now(UTC)
    for hours in (30, 5, 1):  # one yesterday, two today
        store.save_attempt(ana.id, audio=b"", audio_suffix="", report=scored_report(), created_at=now - timedelta(hours=hours))
    with pytest.raises(QuotaError) as capped:
        workspace.check_upload_quota(store, ana, settings, now=now)
    assert error_message(capped.value, "id").startswith("Batas harian tercapai: 2 rekaman per hari")
    workspace.check_upload_quota(store, ana, settings, now=now + timedelta(hours=23, minutes=30))  # room again
    workspace.check_upload_quota(store, ana, load_settings(self_study_daily_uploads=0), now=now)  # 0: no cap
    world = make_world(store)  # a trainer's participants have no cap
    for _ in range(3):
        store.save_attempt(world.budi.id, audio=b"", audio_suffix="", report=scored_report())
    workspace.check_upload_quota(store, world.budi, settings)


@pytest.mark.parametrize("text", ["![x](http://127.0.0.1:9/x.png)", "[klik](javascript:alert(1))",
                                  "<img src=http://127.0.0.1:9/a.png>", "http://127.0.0.1:9/x", "**tebal** _miring_"])
def test_the_one_escape_leaves_no_markup(text):
    escaped, i, bare = plain_md(text), 0, []
    while i < len(escaped):  # CommonMark: a backslash before ASCII punctuation makes it a literal character
        if escaped[i] == "\\":
            i += 2
            continue
        if escaped[i] in string.punctuation:
            bare.append(escaped[i])
        i += 1
    assert bare == [] and escaped.replace("\\", "") == " ".join(text.split())
    assert "<" not in plain_html(text) and ">" not in plain_html(text)


def test_files_made_by_the_store_are_private_even_with_a_lax_umask(tmp_path):
    from coach.store.database import Store

    old = os.umask(0o022)
    try:
        store = Store(f"sqlite:///{tmp_path / 'd' / 'wicara.db'}", audio_dir=tmp_path / "d" / "audio")
        store.close()
    finally:
        os.umask(old)
    assert (tmp_path / "d" / "wicara.db").stat().st_mode & 0o077 == 0


def _fetch_media(guard_module, cookie: str | None, path: str = "/media/0f1e2d.wav") -> int:
    """Status of GET ``path`` through the guard (200: handed on to Streamlit's media route)."""
    import asyncio

    sent: list[dict] = []

    async def streamlit_media(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    headers = [(b"cookie", f"wicara_session={cookie}".encode())] if cookie else []
    scope = {"type": "http", "path": path, "headers": headers, "method": "GET", "query_string": b""}
    asyncio.run(guard_module.MediaGuard(streamlit_media)(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_a_recording_is_served_only_to_the_browser_of_a_person_who_has_it_on_screen(store, monkeypatch):
    from app_pages import web

    world = make_world(store)
    monkeypatch.setattr(web, "_store_and_key", lambda: (store, KEY))
    monkeypatch.setattr(web, "_users_of", lambda file_id: ["budi-tab"])  # Budi's open report page uses it
    web.remember_viewer("budi-tab", world.budi.id)
    cookies = {}
    for who in (world.budi, world.sari):
        _, handoff = sessions.begin(store, who.id, lifetime=timedelta(days=1))
        cookies[who.name] = sessions.redeem(store, KEY, handoff)[0]
    assert _fetch_media(web, None) == 403  # no session: refused, although Budi's session is alive
    assert _fetch_media(web, None, "/wicara/media/0f1e2d.wav") == 403  # also under a base URL path
    # Streamlit's own fonts and icons are no recording: the guard once refused them (icons showed as their names)
    assert _fetch_media(web, None, "/static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2") == 200
    assert _fetch_media(web, cookies["Sari"]) == 403  # another participant
    assert _fetch_media(web, cookies["Budi"]) == 200
    sessions.revoke(store, sessions.resolve(store, KEY, cookies["Budi"])[1])
    assert _fetch_media(web, cookies["Budi"]) == 403  # signed out
    web.remember_viewer("public-tab", None)  # a file on a signed-out page (none today) stays public
    monkeypatch.setattr(web, "_users_of", lambda file_id: ["public-tab"])
    assert _fetch_media(web, None) == 200


def test_the_app_names_an_unreachable_database_instead_of_a_vague_error(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("WICARA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WICARA_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/wicara")
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60).run()
        assert at.error[0].value.startswith("Wicara belum bisa berjalan")
        assert any(t.value.startswith("WICARA_DATABASE_URL: ") for t in at.text)
        assert not at.exception
    finally:
        st.cache_resource.clear()
