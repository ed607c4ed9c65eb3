"""The trainer workspace in the app, driven by AppTest: sign-in, navigation per role, the cohort dashboard,
review with feedback the participant sees, assignments, export and accounts.

The world (tests/trainer_helpers.py): cohort A (trainer Tia; Budi, Sari), cohort B (trainer Tono; Eko),
admin Ada. Reports are generated with chosen scores; no audio is analysed here.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from trainer_helpers import T0, World, make_world, scored_report

from coach.workspace import auth
from coach.config import load_settings
from coach.errors import AuthError
from coach.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
NAV = {  # page file: participant, trainer, admin (signed out: sign-in and about only)
    "practice.py": (True, True, True), "doorstop.py": (True, True, True), "press_release.py": (True, True, True),
    "report.py": (True, True, True), "progress.py": (True, True, True),
    "assignments.py": (True, True, True), "dashboard.py": (False, True, True), "review.py": (False, True, True),
    "admin.py": (False, False, True), "about.py": (True, True, True), "signin.py": (False, False, False),
}


@pytest.fixture()
def world(tmp_path, monkeypatch) -> World:
    """A fresh data directory and per-server caches, holding the small world plus two more attempts each
    for Budi (improving) and Sari (flat)."""
    monkeypatch.setenv("WICARA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WICARA_DATABASE_URL", raising=False)
    monkeypatch.delenv("WICARA_UI_LANGUAGE", raising=False)
    st.cache_resource.clear()
    store = Store.from_settings(load_settings())
    w = make_world(store)  # Budi 60, Sari 61, Eko 62
    for day, (budi, sari) in enumerate(((70.0, 61.0), (80.0, 63.0)), start=1):
        store.save_attempt(w.budi.id, audio=b"", audio_suffix="", report=scored_report(budi),
                           created_at=T0 + timedelta(days=day), exercise_id="tempo-terkendali")
        store.save_attempt(w.sari.id, audio=b"", audio_suffix="", report=scored_report(sari),
                           created_at=T0 + timedelta(days=day, hours=1))
    yield w
    store.close()
    st.cache_resource.clear()


def _app(principal: auth.Principal | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if principal is not None:
        at.session_state["principal_id"] = principal.id
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _pages(at: AppTest) -> set[str]:
    """The page files the navigation offers (AppTest refuses to switch to any other)."""
    offered = set()
    for name in NAV:
        try:
            at.switch_page(f"app_pages/{name}")
        except ValueError:
            continue
        offered.add(name)
    return offered


def test_signed_out_visitors_see_only_sign_in_and_about(world):
    at = _app()
    _ok(at)
    assert at.title[0].value == "Masuk"
    assert _pages(at) == {"signin.py", "about.py"}
    assert [t.label for t in at.text_input] == ["Kode bergabung", "Nama Anda", "PIN (minimal 6 angka)",
                                                "Nama Anda", "PIN (minimal 6 angka)",  # self-study tab
                                                "Login (misalnya e-mail)", "Kata sandi"]
    assert not at.get("button") or all(b.label != "Masuk dengan SSO" for b in at.button)  # no [auth] secrets
    # the self-study tab promises only what is true on a shared server (issue 16 item 6)
    assert any("Rekaman Anda disimpan di server Wicara ini; selain Anda, hanya admin server yang dapat membukanya"
               in m.value for m in [*at.markdown, *at.caption, *at.info])
    assert not any("tetap di komputer ini" in m.value for m in [*at.markdown, *at.caption, *at.info])


@pytest.mark.parametrize("who, role", [("budi", 0), ("tia", 1), ("ada", 2)])
def test_each_role_is_offered_exactly_its_pages(world, who, role):
    at = _app(getattr(world, who))
    _ok(at)
    assert _pages(at) == {name for name, flags in NAV.items() if flags[role]}


def test_trainer_signs_in_wrong_password_then_right_and_signs_out(world):
    at = _app()
    at.text_input(key="signin_login").set_value("tia")
    at.text_input(key="signin_password").set_value("not-the-password")
    at.button(key="signin_submit").click().run()
    _ok(at)
    assert at.error[0].value.startswith("Gagal masuk.")
    assert "principal_id" not in at.session_state
    at.text_input(key="signin_password").set_value("tia-password")
    at.button(key="signin_submit").click().run()
    _ok(at)
    assert at.session_state["principal_id"] == world.tia.id
    assert at.title[0].value == "Dasbor kelompok"  # a trainer's home page
    assert any("Tia Trainer" in m.value and "pelatih" in m.value for m in at.sidebar.markdown)
    at.sidebar.button(key="sign_out").click().run()
    _ok(at)
    assert at.title[0].value == "Masuk" and "principal_id" not in at.session_state


def test_participant_joins_with_the_join_code_then_signs_in_again(world):
    join_code = world.store.get_cohort_by_id(world.a).join_code
    at = _app()
    at.text_input(key="signin_join_code").set_value(f" {join_code[:3].lower()}-{join_code[3:]} ")
    at.text_input(key="signin_name").set_value("Dewi")
    at.text_input(key="signin_pin").set_value("123456")
    at.button(key="signin_join").click().run()
    assert at.error[0].value.startswith("PIN ini terlalu mudah ditebak: perlu minimal 6 angka")  # the real reason
    at.text_input(key="signin_pin").set_value("432176")
    at.button(key="signin_join").click().run()
    _ok(at)
    dewi = at.session_state["principal_id"]
    assert at.title[0].value == "Latihan" and at.button(key="practice_analyse").label == "Analisis"
    assert auth.load_principal(world.store, dewi).member_of == {world.a}
    assert at.session_state["person"] == {"id": dewi, "name": "Dewi", "cohort": "A"}

    again = _app()  # another device: the same name with the wrong PIN, then the right one
    again.text_input(key="signin_join_code").set_value(join_code)
    again.text_input(key="signin_name").set_value("dewi")
    again.text_input(key="signin_pin").set_value("918273")
    again.button(key="signin_join").click().run()
    assert again.error[0].value.startswith("Nama ini sudah dipakai orang lain di kelompok ini")
    assert "principal_id" not in again.session_state
    again.text_input(key="signin_pin").set_value("432176")
    again.button(key="signin_join").click().run()
    assert again.session_state["principal_id"] == dewi


def test_a_switched_off_account_is_signed_out_on_its_next_click(world):
    at = _app(world.tia)
    assert at.title[0].value == "Dasbor kelompok"
    world.store.set_account(world.tia.id, active=False)
    at.run()
    _ok(at)
    assert at.title[0].value == "Masuk" and "principal_id" not in at.session_state


def test_dashboard_shows_the_cohorts_figures_and_drills_down(world):
    at = _app(world.tia)
    _ok(at)
    assert at.selectbox(key="dash_cohort").options == ["A · Angkatan A"]  # not Tono's cohort B
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Peserta": "2", "Sudah berlatih": "2", "Rekaman": "6", "Rata-rata skor": "66",
                       "Perubahan rata-rata": "+11"}  # means 70 and 61.67; changes +20 and +2
    charts = {json.loads(c.proto.spec)["data"][0].get("meta") for c in at.get("plotly_chart")}
    assert charts == {"overall", "first", "diagonal", "heatmap"}  # distribution, change, improvement, heatmap
    specs = [json.loads(c.proto.spec)["data"][0] for c in at.get("plotly_chart")]
    heatmap = next(trace for trace in specs if trace.get("meta") == "heatmap")
    assert [row[0][1] for row in heatmap["customdata"]] == [world.sari.id, world.budi.id]  # weakest first
    assert any("Kode bergabung untuk peserta" in m.value for m in at.markdown)

    at.selectbox(key=f"dash_ex_{world.a}").set_value("tempo-terkendali").run()  # only Budi's last two
    assert {m.label: m.value for m in at.metric}["Rekaman"] == "2"
    at.selectbox(key=f"dash_ex_{world.a}").set_value("__all__").run()

    at.selectbox(key="dash_person").set_value(world.budi.id).run()
    _ok(at)
    assert at.selectbox(key=f"dash_attempt_{world.budi.id}").value == max(
        a.id for a in world.store.list_attempts(world.budi.id))  # newest first
    assert any(m.label == "Skor keseluruhan" and m.value == "80" for m in at.metric)
    assert at.button(key="dash_review").label == "Beri umpan balik untuk rekaman ini"


def test_review_comment_override_and_mark_reviewed_then_the_participant_sees_it(world):
    at = _app(world.tia)
    at.switch_page("app_pages/review.py").run()
    _ok(at)
    queue = at.selectbox(key="review_attempt")
    first_budi = world.attempts["Budi"]
    assert queue.value == first_budi  # oldest first; Eko (cohort B) is not in Tia's queue
    assert len(queue.options) == 6 and not any("Eko" in o for o in queue.options)

    at.text_area(key=f"rv_text_{first_budi}").set_value("Bagus, tapi <b>pelan</b> di awal.")
    at.selectbox(key=f"rv_at_{first_budi}").set_value(-1.0).run()
    at.number_input(key=f"rv_custom_{first_budi}").set_value(12.0)
    at.button(key=f"rv_comment_{first_budi}").click().run()
    _ok(at)
    assert at.success[0].value == "Komentar tersimpan. (rekaman #1 · Budi)"
    assert at.text_area(key=f"rv_text_{first_budi}").value == ""  # emptied for the next one

    at.selectbox(key=f"rv_dim_{first_budi}").set_value("pace").run()
    at.number_input(key=f"rv_score_{first_budi}_pace").set_value(85)
    at.button(key=f"rv_override_{first_budi}").click().run()
    assert at.warning[0].value == "Tulis alasannya."  # no reason, no override
    at.text_input(key=f"rv_reason_{first_budi}").set_value("Tempo terdengar wajar di ruangan.")
    at.button(key=f"rv_override_{first_budi}").click().run()
    _ok(at)
    assert at.success[0].value.startswith("Skor Tempo kini 85.")
    at.button(key=f"rv_done_{first_budi}").click().run()
    _ok(at)
    assert at.selectbox(key="review_attempt").value != first_budi  # it left the pending queue
    feedback = world.store.feedback(first_budi)
    assert feedback.review_state == "reviewed" and feedback.scores["pace"] == 85.0
    assert world.store.get_attempt(first_budi).scores["pace"] == 60.0  # the computed score stays

    budi = _app(world.budi)
    budi.switch_page("app_pages/report.py").run()
    budi.selectbox(key="report_attempt").set_value(first_budi).run()
    _ok(budi)
    assert [h.value for h in budi.subheader][:2] == ["Umpan balik pelatih", "Saran"]
    pace = next(m for m in budi.metric if m.label.startswith("Tempo"))
    assert pace.value == "85" and pace.label == "Tempo ✎" and "60" in pace.help
    texts = [t.value for t in budi.text]
    assert "Bagus, tapi <b>pelan</b> di awal." in texts and "Tempo terdengar wajar di ruangan." in texts
    assert any("0:12" in c.value and "Tia Trainer" in c.value for c in budi.caption)
    assert not any("<b>pelan</b>" in m.value for m in budi.markdown)  # never rendered as HTML


def test_export_prepares_csv_and_pdf_bytes(world):
    at = _app(world.tia)
    at.button(key="dash_export_csv").click().run()
    _ok(at)
    _, data = at.session_state["dash_csv"]
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 6 and "Budi" in data.decode() and "Eko" not in data.decode()
    assert at.get("download_button")[0].proto.label == "Unduh CSV"
    at.button(key="dash_export_pdf").click().run(timeout=120)
    _ok(at)
    _, pdf, _note = at.session_state["dash_pdf"]
    assert pdf.startswith(b"%PDF-") and len(at.get("download_button")) == 2


def test_assignments_from_trainer_to_participant(world):
    at = _app(world.tia)
    at.switch_page("app_pages/assignments.py").run()
    _ok(at)
    assert at.caption[0].value == "Belum ada tugas untuk kelompok ini."
    at.selectbox(key="asg_exercise").set_value("tiga-pesan-kunci")
    at.text_area(key="asg_note").set_value("Sebelum pertemuan kedua.")
    at.button(key="asg_submit").click().run()
    _ok(at)
    assert at.success[0].value == "Tugas diberikan."
    assert "0/2" in at.caption[0].value

    budi = _app(world.budi)
    budi.switch_page("app_pages/assignments.py").run()
    _ok(budi)
    assert budi.markdown[0].value == "**Rumah pesan\\: tiga pesan kunci**"  # exercise text, escaped
    assert budi.text[0].value == "Sebelum pertemuan kedua."
    budi.button(key=next(b.key for b in budi.button if b.key.startswith("asg_go_"))).click().run()
    _ok(budi)
    assert budi.title[0].value == "Latihan" and budi.selectbox(key="practice_exercise").value == "tiga-pesan-kunci"


def test_participants_and_trainers_are_refused_pages_beyond_their_role(world):
    """The navigation hides these pages; run directly, the workspace still refuses."""
    for page, who in (("dashboard.py", world.budi), ("review.py", world.budi), ("admin.py", world.tia)):
        at = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=30)
        at.session_state["principal"] = who
        at.run()
        _ok(at)
        assert at.error and at.error[0].value.startswith("Anda tidak punya izin"), page
        assert not at.get("plotly_chart") and not at.get("dataframe")


def test_admin_creates_and_switches_off_a_trainer(world):
    at = _app(world.ada)
    at.switch_page("app_pages/admin.py").run()
    _ok(at)
    at.text_input(key="accounts_new_name").set_value("Tari Trainer")
    at.text_input(key="accounts_new_login").set_value("tari@example.org")
    at.text_input(key="accounts_new_password").set_value("tari-password")
    at.button(key="accounts_create").click().run()
    _ok(at)
    assert at.success[0].value.startswith("Akun tari")
    tari = world.store.login_credentials("tari@example.org")[0]
    assert auth.sign_in(world.store, "tari@example.org", "tari-password").role == "trainer"
    at.selectbox(key="accounts_pick").set_value(tari.id).run()
    at.button(key="accounts_toggle").click().run()
    _ok(at)
    assert not world.store.get_person(tari.id).active
    with pytest.raises(AuthError):
        auth.sign_in(world.store, "tari@example.org", "tari-password")


def test_sso_button_only_when_configured_and_the_proven_email_signs_in(world):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s3cret",
                          "client_id": "wicara", "client_secret": "x",
                          "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}
    at.user = {"is_logged_in": False}
    at.run()
    _ok(at)
    assert any(b.label == "Masuk dengan SSO" for b in at.button)
    at.user = {"is_logged_in": True, "email": "nobody@example.org"}  # proven, but no Wicara account
    at.run()
    assert at.error[0].value.startswith("Gagal masuk.") and "principal_id" not in at.session_state
    at.user = {"is_logged_in": True, "email": "ada@example.org"}  # no email_verified claim: refused
    at.run()
    assert at.error[0].value.startswith("Gagal masuk.") and "principal_id" not in at.session_state
    at.user = {"is_logged_in": True, "email": "ada@example.org", "email_verified": True}
    at.run()
    _ok(at)
    assert at.session_state["principal_id"] == world.ada.id and at.title[0].value == "Dasbor kelompok"


def test_review_page_keeps_the_attempt_it_opened_through_three_saves(world):
    """Opening a later attempt and saving a comment, another comment and an override must not move the
    page to another attempt (it once jumped to the first in the queue, and the next save landed there)."""
    at = _app(world.tia)
    at.switch_page("app_pages/review.py").run()
    queue = at.selectbox(key="review_attempt")
    target = queue.options[-1]
    aid = int(target.split(" ")[0].lstrip("#"))
    name = target.split(" · ")[1]
    at.selectbox(key="review_attempt").set_value(aid).run()
    labels = at.selectbox(key="review_attempt").options
    for i in range(2):
        at.text_area(key=f"rv_text_{aid}").set_value(f"Komentar {i}")
        at.button(key=f"rv_comment_{aid}").click().run()
        _ok(at)
        # each save says where it landed: the attempt and its participant
        assert f"Komentar tersimpan. (rekaman #{aid} · {name})" in [s.value for s in at.success]
        assert at.selectbox(key="review_attempt").value == aid
        # a browser resets a selectbox whose option labels changed: they must stay as they were
        assert at.selectbox(key="review_attempt").options == labels
    at.selectbox(key=f"rv_dim_{aid}").set_value("pace").run()
    at.number_input(key=f"rv_score_{aid}_pace").set_value(70)
    at.text_input(key=f"rv_reason_{aid}").set_value("Alasan")
    at.button(key=f"rv_override_{aid}").click().run()
    _ok(at)
    assert at.selectbox(key="review_attempt").value == aid
    feedback = world.store.feedback(aid)
    assert [c.text for c in feedback.comments] == ["Komentar 0", "Komentar 1"]
    assert feedback.scores["pace"] == 70.0


def test_a_save_for_another_attempt_than_the_one_open_is_refused_and_its_text_kept(world):
    """Whatever moved the page, a button of one attempt never saves while another is open: the page goes
    back to the button's attempt with the text as typed."""
    at = _app(world.tia)
    at.switch_page("app_pages/review.py").run()
    first, second = [int(o.split(" ")[0].lstrip("#")) for o in at.selectbox(key="review_attempt").options[:2]]
    at.selectbox(key="review_attempt").set_value(first).run()
    at.text_area(key=f"rv_text_{first}").set_value("Untuk rekaman pertama")
    at.session_state["review_open_id"] = second  # the page's open attempt changed under the form
    at.button(key=f"rv_comment_{first}").click().run()
    _ok(at)
    assert not world.store.feedback(first).comments and not world.store.feedback(second).comments
    assert any(f"rekaman #{first}" in w.value and f"#{second}" in w.value for w in at.warning)
    assert at.selectbox(key="review_attempt").value == first  # back on the attempt the button was for
    assert at.text_area(key=f"rv_text_{first}").value == "Untuk rekaman pertama"


EVIL = "![x](http://127.0.0.1:9/x.png)"
LIVE = re.compile(r"(?<!\\)\]\(http|(?<!\\)<a |(?<![\\/])http:")  # a link, tag or bare URL that would render


def _rendered(at: AppTest) -> list[str]:
    """Every text Streamlit renders as Markdown on the page (main area and sidebar)."""
    kinds = ("markdown", "caption", "info", "success", "warning", "error", "subheader", "title", "header")
    return [e.value for kind in kinds for e in at.get(kind)] + [e.label for e in at.get("expander")]


def test_user_and_exercise_text_is_shown_as_text_never_markdown_html_or_links(world):
    store = world.store
    report = scored_report(50.0)
    report["messages"] = {"key_messages": [{"text": EVIL, "covered": False}]}
    report["tips"] = [{"dimension": "messages", "text": f"Pesan “{EVIL}” belum terdengar.", "moments_s": []}]
    evil = store.save_attempt(world.budi.id, audio=b"", audio_suffix="", report=report, key_messages=[EVIL],
                              created_at=T0 + timedelta(days=9))
    eve = auth.join_cohort(store, store.get_cohort("A").join_code, "Eve <a href='http://127.0.0.1:9/'>x</a>",
                           "582914")
    store.save_attempt(eve.id, audio=b"", audio_suffix="", report=scored_report(20.0), created_at=T0)

    at = _app(world.tia)
    _ok(at)
    heatmap = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                   if json.loads(c.proto.spec)["data"][0].get("meta") == "heatmap")
    ticks = heatmap["layout"]["yaxis"]["ticktext"]
    assert "Eve &lt;a href=&#x27;http://127.0.0.1:9/&#x27;&gt;x&lt;/a&gt;" in ticks  # Plotly shows it as text
    assert not any("<a " in t for t in ticks)
    at.selectbox(key="dash_person").set_value(world.budi.id).run()
    at.selectbox(key=f"dash_attempt_{world.budi.id}").set_value(evil).run()
    _ok(at)
    shown = _rendered(at)
    assert any("x\\.png" in text for text in shown)  # the key message is there, escaped
    assert [text for text in shown if LIVE.search(text)] == []

    at.switch_page("app_pages/review.py").run()
    at.selectbox(key="review_attempt").set_value(next(
        i.attempt.id for i in store.review_queue([world.a]) if i.person_name.startswith("Eve"))).run()
    _ok(at)
    assert [text for text in _rendered(at) if LIVE.search(text)] == []


def test_dashboard_imports_a_roster_and_offers_the_first_pins_once(world):
    at = _app(world.tia)
    _ok(at)
    roster = "\ufeffnama;email\nAni Wijaya;ani@example.go.id\nbudi\nJoko\n".encode()
    at.file_uploader(key=f"dash_roster_file_{world.a}").set_value(("peserta.csv", roster, "text/csv")).run()
    at.button(key=f"dash_roster_import_{world.a}").click().run()
    _ok(at)
    assert any(s.value == "Peserta ditambahkan: 2." for s in at.success)
    assert any("budi" in w.value for w in at.warning)  # already in the cohort: skipped, and said so
    shown = next(d.value for d in at.dataframe if "PIN" in d.value.columns)
    assert list(shown[shown.columns[0]]) == ["Ani Wijaya", "Joko"] and list(shown["Email"]) == ["ani@example.go.id", ""]
    assert {p.name for p in world.store.cohort_people(world.a)} == {"Ani Wijaya", "Budi", "Joko", "Sari"}
    pins = dict(zip(shown[shown.columns[0]], shown["PIN"]))
    assert auth.join_cohort(world.store, world.store.get_cohort("A").join_code, "Joko", pins["Joko"]).name == "Joko"
    at.button(key=f"dash_roster_hide_{world.a}").click().run()
    assert not any("PIN" in d.value.columns for d in at.dataframe)  # shown once: hidden, the PINs are gone from the page
