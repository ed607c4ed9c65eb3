"""Cohort management in the app, driven by AppTest (issue 16): removing a participant after a
confirmation, archiving and restoring a cohort, assigning to chosen participants.

The world (tests/trainer_helpers.py): cohort A (trainer Tia; Budi, Sari), cohort B (trainer Tono; Eko),
admin Ada; one attempt each, plus one more for Budi.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from trainer_helpers import T0, World, make_world, scored_report

from coach.config import load_settings
from coach.store.database import Store
from coach.workspace import auth

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture()
def world(tmp_path, monkeypatch) -> World:
    monkeypatch.setenv("WICARA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WICARA_DATABASE_URL", raising=False)
    monkeypatch.delenv("WICARA_UI_LANGUAGE", raising=False)
    st.cache_resource.clear()
    store = Store.from_settings(load_settings())
    w = make_world(store)
    store.save_attempt(w.budi.id, audio=b"RIFF-budi", audio_suffix=".wav", report=scored_report(75.0),
                       created_at=T0 + timedelta(days=1))
    yield w
    store.close()
    st.cache_resource.clear()


def _app(principal: auth.Principal) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["principal_id"] = principal.id
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_trainer_removes_a_participant_after_confirming(world):
    at = _app(world.tia)
    _ok(at)
    at.selectbox(key="dash_person").set_value(world.budi.id).run()
    at.button(key=f"dash_remove_{world.budi.id}").click().run()
    _ok(at)
    assert any(w.value == "Yakin? Budi dikeluarkan dan 2 rekaman dihapus permanen. Ini tidak bisa dibatalkan."
               for w in at.warning)
    at.button(key=f"dash_remove_no_{world.budi.id}").click().run()  # cancel: nothing happens
    _ok(at)
    assert {p.name for p in world.store.cohort_people(world.a)} == {"Budi", "Sari"}
    assert not any(w.value.startswith("Yakin?") for w in at.warning)

    at.button(key=f"dash_remove_{world.budi.id}").click().run()
    at.button(key=f"dash_remove_yes_{world.budi.id}").click().run()
    _ok(at)
    assert any(s.value == "Budi dikeluarkan dari kelompok; 2 rekaman dihapus." for s in at.success)
    assert [p.name for p in world.store.cohort_people(world.a)] == ["Sari"]
    assert {m.label: m.value for m in at.metric}["Peserta"] == "1"
    assert at.selectbox(key="dash_person").value is None and at.selectbox(key="dash_person").options == ["Sari (1)"]
    assert not list((Path(world.store.audio_dir)).glob("*.wav"))  # Budi's recording went with him


def test_trainer_archives_a_cohort_then_finds_and_restores_it_and_participants_are_told(world):
    at = _app(world.tia)
    at.button(key="dash_archive").click().run()
    _ok(at)
    assert any(s.value.startswith("Kelompok A diarsipkan.") for s in at.success)
    assert any(i.value == "Anda belum memegang kelompok. Buat kelompok baru di bawah." for i in at.info)
    assert world.store.get_cohort("A").archived

    budi = _app(world.budi)
    _ok(budi)
    assert any(i.value.startswith("Kelompok A sudah diarsipkan oleh pelatih") for i in budi.info)

    at.toggle(key="dash_show_archived").set_value(True).run()
    _ok(at)
    assert at.selectbox(key="dash_cohort").options == ["A · Angkatan A (diarsipkan)"]
    assert any(i.value.startswith("Kelompok ini diarsipkan") for i in at.info)
    at.button(key="dash_restore").click().run()
    _ok(at)
    assert any(s.value == "Kelompok A dipulihkan." for s in at.success)
    at.toggle(key="dash_show_archived").set_value(False).run()
    _ok(at)
    assert at.selectbox(key="dash_cohort").options == ["A · Angkatan A"]
    assert not world.store.get_cohort("A").archived
    assert not any("diarsipkan" in i.value for i in _app(world.budi).info)


def test_trainer_assigns_an_exercise_to_chosen_participants_only(world):
    at = _app(world.tia)
    at.switch_page("app_pages/assignments.py").run()
    _ok(at)
    picker = at.multiselect(key="asg_people")
    assert picker.value == [world.budi.id, world.sari.id]  # everyone by default
    picker.set_value([])
    at.button(key="asg_submit").click().run()
    assert at.warning[0].value == "Pilih setidaknya satu peserta."
    assert world.store.cohort_assignments(world.a) == []

    at.selectbox(key="asg_exercise").set_value("tiga-pesan-kunci")
    at.multiselect(key="asg_people").set_value([world.sari.id])
    at.button(key="asg_submit").click().run()
    _ok(at)
    assert at.success[0].value == "Tugas diberikan."
    assert "0/1" in at.caption[0].value and at.caption[1].value == "Untuk: Sari"
    assert [a.person_ids for a in world.store.cohort_assignments(world.a)] == [(world.sari.id,)]

    at.button(key="asg_submit").click().run()  # the picker is back to everyone: the whole cohort
    _ok(at)
    assert [a.person_ids for a in world.store.cohort_assignments(world.a)] == [(world.sari.id,), ()]

    budi = _app(world.budi)
    budi.switch_page("app_pages/assignments.py").run()
    _ok(budi)
    assert len([b for b in budi.button if b.key.startswith("asg_go_")]) == 1  # only the whole cohort's
    sari = _app(world.sari)
    sari.switch_page("app_pages/assignments.py").run()
    _ok(sari)
    assert len([b for b in sari.button if b.key.startswith("asg_go_")]) == 2
