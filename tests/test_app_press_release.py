"""The press release checker page, driven by AppTest: the findings shown for a release missing "kapan" and a
quote, an empty text, a .txt upload, the user's text escaped, English."""

from __future__ import annotations

import html
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest
from test_press_release import COMPLETE_EN, COMPLETE_ID, NO_WHEN_NO_QUOTE

from coach.workspace import auth, operations as workspace
from coach.config import load_settings
from coach.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "app_pages/press_release.py"



def _on_page() -> AppTest:
    store = Store.from_settings(load_settings())
    auth.create_account(store, "Tia Trainer", login="tia", password="tia-password")
    cohort = workspace.new_cohort(store, auth.sign_in(store, "tia", "tia-password"), "HUMAS-1")
    who = auth.join_cohort(store, cohort.join_code, "Rina", "582914")
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["principal_id"] = who.id
    at.run()
    at.switch_page(PAGE).run()
    _no_exception(at)
    return at


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _html(at: AppTest, css_class: str) -> str:
    return next(m.value for m in at.markdown if f'class="{css_class}"' in m.value)


def _findings(at: AppTest) -> list[tuple[str, str]]:
    """(code, text) of every finding listed."""
    listed = _html(at, "wicara-findings")
    return [(code, re.sub(r"<[^>]+>", "", text)) for code, text in
            re.findall(r'<li data-code="([^"]+)">(.*?)</li>', listed)]


def _check(at: AppTest, text: str) -> None:
    at.text_area(key="pr_text").set_value(text).run()
    at.button(key="pr_check").click().run()
    _no_exception(at)


def test_a_release_missing_when_and_a_quote_shows_exactly_those_two_findings(data_dir):
    at = _on_page()
    assert at.title[0].value == "Pemeriksa siaran pers"
    _check(at, NO_WHEN_NO_QUOTE)
    assert _findings(at) == [
        ("lead_missing_when", "✗ [1] 5:1 · perlu diperbaiki · Teras berita belum memuat unsur “kapan”."),
        ("missing_quote", ("✗ seluruh teks · perlu diperbaiki · Tidak ada kutipan narasumber dengan atribusi "
                           "(“…,” kata Nama, Jabatan).")),
    ]
    assert at.metric[0].label == "Skor siaran pers" and at.metric[0].value == "83"  # 10 of 12 checks
    checklist = _html(at, "wicara-checklist")
    assert re.findall(r'data-element="(\w+)" data-in-lead="(\w+)"', checklist) == [
        ("what", "true"), ("where", "true"), ("when", "false"), ("who", "true"), ("why", "true"), ("how", "true")]
    assert '<span class="wicara-no">✗</span> <b>Kapan</b>: tidak ditemukan' in checklist
    assert '<span class="wicara-ok">✓</span> <b>Siapa</b>: ada di teras: “Dinas Komunikasi' in checklist
    # Only the lead is marked (the missing quote concerns the whole text), and the text is all there.
    marked = _html(at, "wicara-release")
    (mark,) = re.findall(r'<mark class="wicara-error" title="([^"]*)">(.*?)</mark>', marked, flags=re.DOTALL)
    assert mark[0] == "Teras berita belum memuat unsur “kapan”."
    assert mark[1].startswith("Dinas Komunikasi dan Informatika (Diskominfo)")
    assert "\n" not in marked  # one line: Markdown must not read "###" in the text as a heading
    # Readable without hovering (phones): the passage ends with its finding's number, [1] in the list above.
    assert marked.count('</mark><sup class="wicara-ref">1</sup>') == 1
    unnumbered = re.sub(r'<sup class="wicara-ref">[^<]*</sup>', "", marked)
    assert html.unescape(re.sub(r"<[^>]+>", "", unnumbered.replace("<br>", "\n"))) == NO_WHEN_NO_QUOTE


def test_a_complete_release_has_no_findings(data_dir):
    at = _on_page()
    _check(at, COMPLETE_ID)
    assert at.metric[0].value == "100"
    assert at.success[0].value == "Tidak ada temuan: siaran pers ini lolos semua pemeriksaan."
    assert "<mark" not in _html(at, "wicara-release")


def test_an_empty_text_gets_a_clear_message(data_dir):
    at = _on_page()
    at.button(key="pr_check").click().run()
    _no_exception(at)
    assert at.warning[0].value == ("Teks siaran pers masih kosong. Tempel teksnya atau unggah berkas .txt, lalu tekan "
                                   "Periksa.")
    assert not at.metric
    _check(at, "  \n\n ")
    assert at.warning[0].value.startswith("Teks siaran pers masih kosong.")


def test_an_uploaded_text_file_fills_the_text_and_a_binary_one_is_refused(data_dir):
    at = _on_page()
    at.file_uploader(key="pr_upload").set_value(("rilis.txt", b"\xef\xbb\xbf" + NO_WHEN_NO_QUOTE.encode(), "text/plain"))
    at.run()
    assert at.text_area(key="pr_text").value == NO_WHEN_NO_QUOTE  # the BOM dropped; editable before checking
    at.button(key="pr_check").click().run()
    assert [code for code, _ in _findings(at)] == ["lead_missing_when", "missing_quote"]

    at.file_uploader(key="pr_upload").set_value(("rilis.txt", b"PK\x03\x04\x00\xff\xfe binary", "text/plain")).run()
    _no_exception(at)
    assert at.error[0].value.startswith("Teks siaran pers ini tidak bisa dibaca.")
    assert at.text_area(key="pr_text").value == NO_WHEN_NO_QUOTE  # the text already there stays


def test_the_users_text_is_escaped_where_it_is_marked(data_dir):
    at = _on_page()
    hostile = NO_WHEN_NO_QUOTE.replace("Dinas Komunikasi", '<img src=x onerror="alert(1)"> Dinas Komunikasi', 1)
    _check(at, hostile)
    marked = _html(at, "wicara-release")
    assert "<img" not in marked and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in marked
    assert "<img" not in _html(at, "wicara-checklist") + _html(at, "wicara-findings")


def test_english_interface_and_an_english_release(data_dir):
    at = _on_page()
    at.sidebar.selectbox(key="lang_sidebar").set_value("en").run()
    assert at.title[0].value == "Press release checker"
    at.selectbox(key="pr_lang").set_value("auto").run()
    _check(at, COMPLETE_EN.replace("RIVERSIDE, 3 March 2025 – ", "").replace("on Monday ", ""))
    assert at.main.caption[1].value.startswith("Text language: English")
    assert [code for code, _ in _findings(at)] == ["lead_missing_when"]
    assert _findings(at)[0][1] == "✗ [1] 6:1 · to fix · The lead does not say when."


def test_every_key_the_new_pages_use_exists_in_both_languages():
    """The doorstop, press release and after-practice strings: literal keys and the families built from codes."""
    from coach.i18n import STRINGS
    from coach.media.interview import ASPECTS
    from coach.media.press_release import ELEMENTS

    used: set[str] = set()
    for name in ("doorstop", "press_release", "practice_extras", "speaker"):
        source = (ROOT / "app_pages" / f"{name}.py").read_text(encoding="utf-8")
        used |= {k for k in re.findall(r'\bt(?:r)?\(\s*"([a-z_0-9]+)"', source) if not k.endswith("_")}
    used |= {f"aspect_{a}" for a in ASPECTS} | {f"pr_el_{e}" for e in ELEMENTS}
    used |= {f"severity_{s}" for s in ("error", "warning")} | {f"dev_{k}" for k in ("omitted", "added", "substituted")}
    used |= {"script_read_yes", "script_read_no", "script_read_unknown", "doorstop_next", "doorstop_finish",
             "doorstop_km_first_yes", "doorstop_km_first_no", "yes", "no"}
    assert len(used) > 80
    for lang in ("id", "en"):
        assert sorted(used - set(STRINGS[lang])) == [], lang
    assert [k for k in sorted(used) if STRINGS["id"][k] == STRINGS["en"][k]] == []  # all translated
