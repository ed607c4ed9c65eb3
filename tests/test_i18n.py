"""Interface strings: every key in both languages, the same placeholders, English plurals; the gettext catalogs
(coach/i18n/locale/*/LC_MESSAGES/wicara.po) hold every key the code uses and compile on first use."""

from __future__ import annotations

import ast
import os
import re
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from coach.i18n import STRINGS, error_message, notice_message, t, tn
from coach.i18n import catalogs

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("id", "en")


def _fields(text: str) -> set[str]:
    """Placeholder names, a language-specific variant (``wait_en`` beside ``wait``) counted as its base name."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return {re.sub(r"_(id|en)$", "", name) for name in names}


def _po(lang: str):
    with catalogs.po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=catalogs.DOMAIN)


def _entries(lang: str) -> dict[str, str | tuple[str, ...]]:
    return {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in _po(lang) if m.id}


def test_every_key_is_in_both_languages_with_the_same_placeholders():
    id_keys, en_keys = set(STRINGS["id"]), set(STRINGS["en"])
    assert id_keys - en_keys == set(), "missing in English"
    assert en_keys - id_keys == set(), "missing in Indonesian"
    for key in id_keys:
        assert _fields(STRINGS["id"][key]) == _fields(STRINGS["en"][key]), key


def test_english_counts_take_the_singular_for_one():
    assert t("attempt_count", "en", n=1) == "1 attempt"
    assert t("attempt_count", "en", n=2) == "2 attempts"
    assert t("attempt_count", "id", n=1) == "1 rekaman"  # Indonesian nouns do not change
    assert t("queue_position", "en", n=1).startswith("Waiting for your turn: 1 analysis ahead")
    for key in (k for k in STRINGS["en"] if k.endswith("_one")):
        assert key[:-4] in STRINGS["en"], f"{key} has no plural form"


def test_a_msgid_missing_in_either_catalog_fails_and_none_is_empty_or_fuzzy():
    entries = {lang: _entries(lang) for lang in LANGS}
    assert len(entries["id"]) > 450
    assert set(entries["id"]) - set(entries["en"]) == set(), "missing in English"
    assert set(entries["en"]) - set(entries["id"]) == set(), "missing in Indonesian"
    for lang in LANGS:
        po = _po(lang)
        assert [m.id for m in po if m.id and m.fuzzy] == [], lang
        empty = [key for key, text in entries[lang].items() if not all(text if isinstance(text, tuple) else (text,))]
        assert empty == [], f"untranslated in {lang}"


def test_plural_entries_have_every_form_in_both_languages_with_the_same_placeholders():
    assert _po("id").plural_forms == "nplurals=1; plural=0;"
    assert _po("en").plural_forms == "nplurals=2; plural=(n != 1);"
    plural = {lang: {k for k, v in _entries(lang).items() if isinstance(v, tuple)} for lang in LANGS}
    assert plural["id"] == plural["en"]
    assert {"attempt_count", "queue_position", "queue_count", "queue_comments", "doorstop_length", "pin"} <= plural["en"]
    for key in plural["en"]:
        indonesian, english = _entries("id")[key], _entries("en")[key]
        assert len(indonesian) == 1 and len(english) == 2, key
        assert _fields(indonesian[0]) == _fields(english[0]) == _fields(english[1]), key
        assert english[0] != english[1], f"{key}: the English singular is the plural"


def test_counts_pick_the_form_by_number():
    assert tn("attempt_count", 1, "en") == "1 attempt"
    assert tn("attempt_count", 0, "en") == "0 attempts"
    assert tn("queue_comments", 1, "en") == "1 comment"
    assert tn("queue_comments", 1, "id") == "1 komentar" and tn("queue_comments", 5, "id") == "5 komentar"
    assert tn("doorstop_over_time", 1.2, "en", s=1.2, limit=60) == "The answer ran 1 second past the 60-second limit."
    assert tn("doorstop_over_time", 7.0, "en", s=7.0, limit=60) == "The answer ran 7 seconds past the 60-second limit."
    assert tn("doorstop_length", 1, "en", words=1, s=3) == "1 word in 3 seconds"
    assert t("attempt_count", "en") == "{n} attempts"  # a plural key without a count: its general form


def test_missing_keys_and_values_stay_visible_and_never_crash():
    assert t("no_such_key", "en") == "no_such_key"
    assert tn("no_such_key", 2, "id") == "no_such_key"
    assert t("scores", "fr") == t("scores", "id") == "Skor per aspek"  # an unknown language: Indonesian
    assert t("job_sent", "en") == "{what}, sent {time}"  # no values: the text as written
    assert t("job_sent", "en", what="Practice") == "{what}, sent {time}"  # a value missing: shown, not raised
    assert error_message(RuntimeError("x"), "en") == t("unexpected_error", "en")
    assert notice_message("no_such_notice", "id") == "no_such_notice"


def _keys_used() -> dict[str, set[str]]:
    """Literal first arguments of t()/tr() (singular) and tn()/trn() (counted) in coach/ and app_pages/."""
    used: dict[str, set[str]] = {"t": set(), "tn": set()}
    for folder in ("coach", "app_pages"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("t", "tr", "tn", "trn") and node.args
                        and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                    used["tn" if node.func.id.endswith("n") else "t"].add(node.args[0].value)
    return used


def test_every_key_the_code_uses_is_in_both_catalogs():
    used = _keys_used()
    assert len(used["t"]) > 300 and len(used["tn"]) >= 8
    for lang in LANGS:
        entries = _entries(lang)
        assert sorted((used["t"] | used["tn"]) - set(entries)) == [], lang
        assert sorted(k for k in used["tn"] if not isinstance(entries[k], tuple)) == [], f"tn() of a singular ({lang})"


def test_no_strings_are_left_in_python_dicts():
    """The catalogs hold everything: coach/i18n has no dict modules (a late key added the old way is moved
    with `python scripts/i18n_convert.py MODULE.py`)."""
    assert sorted(p.name for p in (ROOT / "coach" / "i18n").glob("*.py")) == ["__init__.py", "__main__.py", "catalogs.py"]
    source = (ROOT / "coach" / "i18n" / "__init__.py").read_text(encoding="utf-8")
    assert not re.search(r'^\s*"[a-z_0-9.]+": *"', source, re.M), "a key: text entry in coach/i18n/__init__.py"


@pytest.fixture()
def locale_copy(tmp_path, monkeypatch):
    """The catalogs copied without their .mo, loaded afresh from there."""
    target = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE_DIR, target, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(catalogs, "LOCALE_DIR", target)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    catalogs.load_catalog.cache_clear()
    yield target
    catalogs.load_catalog.cache_clear()


def test_a_missing_mo_is_compiled_beside_its_po_and_a_stale_one_again(locale_copy):
    assert not catalogs.mo_path("en").exists()
    fresh = catalogs.load_catalog("en")
    assert catalogs.mo_path("en").exists()
    assert fresh.text("scores") == "Scores by dimension" and fresh.ntext("attempt_count", 1) == "{n} attempt"
    po = catalogs.po_path("en")
    po.write_text(po.read_text(encoding="utf-8").replace('"Scores by dimension"', '"Scores per dimension"'),
                  encoding="utf-8")
    mo_time = catalogs.mo_path("en").stat().st_mtime
    os.utime(po, (mo_time + 10, mo_time + 10))
    catalogs.load_catalog.cache_clear()
    assert catalogs.load_catalog("en").text("scores") == "Scores per dimension"


def test_a_read_only_install_compiles_into_the_cache(locale_copy, tmp_path, monkeypatch):
    write = catalogs._write_atomically

    def read_only(target: Path, data: bytes) -> None:
        if locale_copy in target.parents:
            raise PermissionError(13, "Read-only file system", str(target))
        write(target, data)

    monkeypatch.setattr(catalogs, "_write_atomically", read_only)
    assert catalogs.load_catalog("id").text("scores") == "Skor per aspek"
    assert not catalogs.mo_path("id").exists()
    cached = list((tmp_path / "cache" / "wicara" / "i18n").rglob("wicara.mo"))
    assert len(cached) == 1
    catalogs.load_catalog.cache_clear()
    monkeypatch.setattr(catalogs, "_compile_bytes", None)  # the cached .mo is read, not compiled again
    assert catalogs.load_catalog("id").ntext("attempt_count", 3) == "{n} rekaman"


def test_tables_moved_from_python_keep_their_texts():
    """The terminal summary, the cohort charts' labels, the cohort PDF and the sign-in wait: now catalog texts."""
    from types import SimpleNamespace

    from coach.charts.cohort import label
    from coach.errors import ThrottledError
    from coach.report.summary import render_summary
    from coach.workspace.export import _tx

    report = SimpleNamespace(language="id", duration_s=12.0, scores={"overall": 71.0, "pace": None}, tips=(),
                             warnings=(), transcript=SimpleNamespace(segments=()))
    assert render_summary(report).splitlines()[:4] == ["Bahasa: id    Durasi: 12.0 s", "", "Skor:",
                                                       "  keseluruhan             71.0"]
    from coach.types import Notice

    report.warnings = (Notice("unsupported_language", "The speech does not sound like Indonesian or English: ..."),
                       Notice("new_code_without_text", "Something new."))
    assert render_summary(report).splitlines()[-5:-2] == [  # warnings in the speaker's language, as in the app
        "Peringatan:", "  - Ucapan ini tidak terdengar seperti bahasa Indonesia atau bahasa Inggris: pengenal suara "
        "mendengar bahasa lain. Transkrip dan nilai teksnya tidak dapat dipercaya. Wicara menganalisis ucapan dalam "
        "bahasa Indonesia atau bahasa Inggris: rekam ulang dalam salah satunya, atau periksa apakah berkas yang "
        "diunggah benar.", "  - Something new."]
    report.warnings = ()
    report.language = "auto"  # any other language: English, as before
    assert render_summary(report).splitlines()[2:5] == ["Scores:", f"  {'overall':<22}  71.0", f"  {'pace':<22} –"]
    assert label("count", "en") == "Attempts" and label("count", "id") == "Jumlah rekaman"  # issue 16: one word for an attempt
    assert label("no_such_label", "en") == "no_such_label"
    assert _tx("page", "en", i=2, n=3) == "Page 2 of 3" and _tx("title", "id") == "Laporan kelompok"
    assert tn("export.heatmap", 1, "en") == "Mean scores: the 1 participant with the lowest overall score"
    assert ThrottledError("x", wait_s=1).params == {"wait": "1 detik", "wait_en": "1 second"}
    assert ThrottledError("x", wait_s=600).params["wait_en"] == "10 minutes"


def test_every_family_of_keys_the_code_builds_has_members_in_both_catalogs():
    """``t(f"dim_{d}")`` and the like: the literal start of the key names a family the catalogs hold."""
    prefixes: set[str] = set()
    for folder in ("coach", "app_pages"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("t", "tr", "tn", "trn") and node.args
                        and isinstance(node.args[0], ast.JoinedStr) and node.args[0].values
                        and isinstance(node.args[0].values[0], ast.Constant)):
                    prefixes.add(node.args[0].values[0].value)
    assert {"dim_", "lang_", "export.", "chart.", "summary."} <= prefixes
    for lang in LANGS:
        keys = set(_entries(lang))
        assert sorted(p for p in prefixes if not any(k.startswith(p) for k in keys)) == [], lang
