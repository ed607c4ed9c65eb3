"""Issue 16's trainer details in the app, driven by AppTest: times in WIB (WICARA_TIMEZONE), no server
paths for participants, one word for an attempt, the CSV format picker.

The world (tests/trainer_helpers.py): cohort A (trainer Tia; Budi, Sari), cohort B (trainer Tono; Eko),
admin Ada; attempts at T0 = 2025-03-01 09:00 UTC = 16:00 WIB.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from test_app_trainer import APP, _ok
from trainer_helpers import make_world

from coach.config import load_settings
from coach.workspace import operations as workspace
from coach.store.database import Store


@pytest.fixture()
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("WICARA_DATA_DIR", str(tmp_path))
    for name in ("WICARA_DATABASE_URL", "WICARA_UI_LANGUAGE", "WICARA_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    store = Store.from_settings(load_settings())
    yield make_world(store)
    store.close()
    st.cache_resource.clear()


def _app(who=None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if who is not None:
        at.session_state["principal_id"] = who.id
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}").run()
    _ok(at)
    return at


def test_a_due_time_of_2359_wib_is_stored_as_1659_utc_and_shown_as_2359_wib(world):
    at = _app(world.tia, "assignments.py")
    assert at.date_input(key="asg_due_date").label == "Tenggat (tanggal, WIB)"
    assert at.time_input(key="asg_due_time").label == "Jam (WIB)"
    at.selectbox(key="asg_exercise").set_value("tiga-pesan-kunci")
    at.date_input(key="asg_due_date").set_value(date(2031, 1, 10))
    at.button(key="asg_submit").click().run()  # the hour stays at its default, 23:59
    _ok(at)
    (stored,) = workspace.cohort_assignments(world.store, world.tia, world.a)
    assert stored.due_at == datetime(2031, 1, 10, 16, 59, tzinfo=UTC)  # not 23:59 UTC (06:59 WIB the next day)
    assert "2031-01-10 23:59 WIB" in at.caption[0].value

    budi = _app(world.budi, "assignments.py")
    assert any("tenggat 2031-01-10 23:59 WIB" in c.value for c in budi.caption)


def test_times_on_the_review_dashboard_and_report_pages_are_in_wib(world):
    review = _app(world.tia, "review.py")
    first = world.attempts["Budi"]  # saved at 09:00 UTC
    assert "2025-03-01 16:00 WIB" in review.selectbox(key="review_attempt").format_func(first)

    dash = _app(world.tia)
    dash.selectbox(key="dash_person").set_value(world.budi.id).run()
    _ok(dash)
    assert "2025-03-01 16:00 WIB" in dash.selectbox(key=f"dash_attempt_{world.budi.id}").format_func(first)
    assert dash.date_input(key=f"dash_dates_{world.a}").label == "Rentang tanggal (WIB)"

    report = _app(world.budi, "report.py")
    assert "2025-03-01 16:00 WIB" in report.selectbox(key="report_attempt").format_func(first)


def test_another_zone_is_a_setting(world, monkeypatch):
    monkeypatch.setenv("WICARA_TIMEZONE", "Asia/Makassar")
    st.cache_resource.clear()
    report = _app(world.budi, "report.py")
    assert "2025-03-01 17:00 WITA" in report.selectbox(key="report_attempt").format_func(world.attempts["Budi"])


def test_the_dashboard_csv_is_for_indonesian_spreadsheets_unless_the_trainer_picks_plain(world):
    at = _app(world.tia)
    assert at.selectbox(key="dash_csv_format").value == "id"
    at.button(key="dash_export_csv").click().run()
    _ok(at)
    _, data = at.session_state["dash_csv"]
    lines = data.decode("utf-8-sig").splitlines()
    assert data.startswith(b"\xef\xbb\xbf") and len(lines) == 1 + 2 and '"created_at (WIB)"' in lines[0]
    assert ";60,0;" in lines[1] and "2025-03-01 16:00:00" in lines[1]
    at.selectbox(key="dash_csv_format").set_value("plain").run()
    assert len(at.get("download_button")) == 0  # the CSV held was made in the other format
    at.button(key="dash_export_csv").click().run()
    _, data = at.session_state["dash_csv"]
    assert ",60.0," in data.decode("utf-8-sig").splitlines()[1]


@pytest.mark.parametrize("role", ["signed_out", "participant", "trainer", "admin"])
def test_the_about_page_shows_server_paths_to_admins_only(world, tmp_path, monkeypatch, role):
    monkeypatch.setenv("WICARA_MODEL", str(tmp_path / "models" / "whisper-small-ct2"))
    st.cache_resource.clear()
    who = {"signed_out": None, "participant": world.budi, "trainer": world.tia, "admin": world.ada}[role]
    at = _app(who, "about.py")
    shown = "\n".join(m.value for m in at.markdown)
    assert "whisper-small-ct2" in shown  # the model is named
    if role == "admin":
        assert str(tmp_path) in shown and "Tempat data disimpan" in shown
    else:
        assert str(tmp_path) not in shown  # no folder, no database URL
        assert "Tempat data disimpan" not in shown and "sqlite" not in shown.lower()


def _charts(at: AppTest) -> list[tuple[dict, dict]]:
    """(figure, config) of every Plotly chart on the page."""
    return [(json.loads(c.proto.spec), json.loads(c.proto.config or "{}")) for c in at.get("plotly_chart")]


def test_heatmap_cells_show_their_scores_and_no_chart_has_a_toolbar(world):
    dash = _app(world.tia)
    charts = _charts(dash)
    heatmap = next(fig["data"][0] for fig, _ in charts if fig["data"][0].get("meta") == "heatmap")
    assert heatmap["texttemplate"] == "%{text}"  # written on the cells, not only on hover
    assert [row[0] for row in heatmap["text"]] == ["60", "61"]  # Budi, then Sari: weakest first
    dash.selectbox(key="dash_person").set_value(world.budi.id).run()
    progress = _app(world.budi, "progress.py")
    report = _app(world.budi, "report.py")
    configs = [config for at in (dash, progress, report) for _, config in _charts(at)]
    assert len(configs) >= 6 and all(config.get("displayModeBar") is False for config in configs)
