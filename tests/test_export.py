"""Cohort exports: CSV columns and rows, PDF pages with and without charts, and `wicara export`."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from trainer_helpers import T0, scored_report

from coach.cli import main
from coach.workspace.cohort import load_dashboard
from coach.workspace.export import (
    CSV_COLUMNS,
    ROWS_PER_PAGE,
    build_cohort_pdf,
    cohort_csv_bytes,
    expected_pages,
    find_browser,
    write_cohort_csv,
    write_cohort_pdf,
)
from coach.store.schema import SCORE_DIMENSIONS
from coach.store.types import AttemptFilter


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def pdf_images(data: bytes) -> int:
    return len(re.findall(rb"/Subtype\s*/Image\b", data))


@pytest.fixture
def cohort(store):
    """Cohort E: Ani (2 attempts, one at exercise "x"), a formula-looking name (1), Dedi (none); Zed elsewhere."""
    c = store.create_cohort("E", "Cohort E")
    ani = store.add_participant(c.id, "Ani", password_hash=None)
    sly = store.add_participant(c.id, "=HYPERLINK(\"http://x\")", password_hash=None)
    store.add_participant(c.id, "Dedi", password_hash=None)
    zed = store.add_participant(store.create_cohort("F").id, "Zed", password_hash=None)
    trainer = store.add_account("Tia", login="tia", role="trainer", password_hash="x")
    first = store.save_attempt(ani.id, audio=b"", audio_suffix="", report=scored_report(40.0, pace=55.5),
                               created_at=T0)
    store.save_attempt(ani.id, audio=b"", audio_suffix="", report=scored_report(70.0), exercise_id="x",
                       exercise_version=2, created_at=T0 + timedelta(days=1))
    store.save_attempt(sly.id, audio=b"", audio_suffix="", report=scored_report(50.0, language="en"),
                       created_at=T0 + timedelta(days=2))
    store.save_attempt(zed.id, audio=b"", audio_suffix="", report=scored_report(10.0), created_at=T0)
    store.override_score(first, dimension="pace", score=75.0, reason="Tempo wajar.", author_id=trainer.id)
    store.add_comment(first, author_id=trainer.id, text="Bagus.", at_s=2.0)
    return store, c, first


def test_csv_has_one_row_per_attempt_with_the_documented_columns(cohort, tmp_path):
    store, c, first = cohort
    path = tmp_path / "e.csv"
    assert write_cohort_csv(store, c, path) == 3
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8 names right
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 3
    assert [r["participant"] for r in rows] == ["Ani", "Ani", "'=HYPERLINK(\"http://x\")"]  # no formula runs
    ani = rows[0]
    assert (ani["cohort"], ani["attempt_id"], ani["created_at"]) == ("E", str(first), "2025-03-01T09:00:00+00:00")
    assert (ani["score_overall"], ani["score_pace"], ani["override_pace"], ani["override_overall"]) == (
        "40.0", "55.5", "75.0", "")
    assert (ani["comment_count"], ani["review_state"], ani["exercise_id"], ani["language"]) == ("1", "pending", "", "id")
    assert (rows[1]["exercise_id"], rows[1]["exercise_version"]) == ("x", "2")
    assert rows[2]["language"] == "en"
    assert len([c_ for c_ in CSV_COLUMNS if c_.startswith("score_")]) == len(SCORE_DIMENSIONS)
    only_x = cohort_csv_bytes(store, c, AttemptFilter(exercise_id="x")).decode("utf-8-sig").splitlines()
    assert len(only_x) == 2 and only_x[0] == ",".join(f'"{c_}"' for c_ in CSV_COLUMNS)  # every text cell quoted


@pytest.mark.parametrize("name", [";=cmd|' /C calc'!A0", "\t=1+1", " =1+1", "+1", "-1", "Budi;=1+1"[4:]])
def test_csv_guards_every_cell_a_spreadsheet_would_run(store, name):
    c = store.create_cohort("G", "Cohort G")
    sly = store.add_participant(c.id, name, password_hash=None)
    store.save_attempt(sly.id, audio=b"", audio_suffix="", report=scored_report(50.0), created_at=T0)
    raw = cohort_csv_bytes(store, c).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(raw)))
    assert row["participant"] == "'" + " ".join(name.split()) and f'"\'' in raw


def test_pdf_without_a_browser_still_comes_out_and_says_why(cohort, tmp_path):
    store, c, _ = cohort
    path = tmp_path / "e.pdf"
    result = write_cohort_pdf(store, c, path, browser_path=str(tmp_path / "no-chromium"), lang="en")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert result.pages == pdf_pages(data) == expected_pages(3, charts=False) == 1  # summary and table, no chart pages
    assert not result.charts and "Chromium not found" in result.note and pdf_images(data) == 0
    assert b"Charts not included: Chromium not found" in data  # in the document's subject, and on its pages


@pytest.mark.skipif(find_browser() is None, reason="needs Debian's chromium for kaleido (apt install chromium)")
def test_pdf_with_charts_from_chromium(cohort):
    store, c, _ = cohort
    data, result = build_cohort_pdf(load_dashboard(store, c), lang="id")
    assert data.startswith(b"%PDF-") and result.charts and result.note is None
    assert result.pages == pdf_pages(data) == expected_pages(3) == 3  # summary and table; two charts a page
    assert pdf_images(data) == 4  # distribution, change, improvement, heatmap


def test_pdf_table_runs_over_pages_as_the_cohort_grows(store):
    c = store.create_cohort("BIG")
    for i in range(ROWS_PER_PAGE * 2 + 1):
        person = store.add_participant(c.id, f"Peserta {i:03d}", password_hash=None)
        store.save_attempt(person.id, audio=b"", audio_suffix="", report=scored_report(float(i % 100)),
                           created_at=T0)
    data, result = build_cohort_pdf(load_dashboard(store, c), charts=False)
    assert result.pages == pdf_pages(data) == expected_pages(ROWS_PER_PAGE * 2 + 1, charts=False) == 1 + 2
    text = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert "Peserta 000" in text[0] and "Peserta 020" in text[1] and "Peserta 080" in text[2]  # 20, then 40 a page
    assert "Peserta 019" in text[0] and "Peserta 059" in text[1] and "Peserta 060" in text[2]
    assert [t.strip().splitlines()[-1] for t in text] == ["Halaman 1 dari 3", "Halaman 2 dari 3", "Halaman 3 dari 3"]


def test_cli_export_writes_csv_and_pdf(db, cohort, tmp_path):
    url = db[0]
    runner = CliRunner()
    env = {"WICARA_DATABASE_URL": url, "WICARA_DATA_DIR": str(tmp_path / "data"), "WICARA_UI_LANGUAGE": "en"}
    out_csv, out_pdf = tmp_path / "out.csv", tmp_path / "out.pdf"
    done = runner.invoke(main, ["export", "E", "--csv", str(out_csv), "--pdf", str(out_pdf), "--no-charts",
                                "--lang", "en"], env=env)
    assert done.exit_code == 0, done.output
    assert f"Wrote 3 attempts to {out_csv}." in done.output and "1-page report" in done.output
    assert out_pdf.read_bytes().startswith(b"%PDF-") and len(out_csv.read_text().splitlines()) == 4
    since = runner.invoke(main, ["export", "E", "--csv", str(out_csv), "--since", "2025-03-02"], env=env)
    assert since.exit_code == 0 and "Wrote 2 attempts" in since.output
    missing = runner.invoke(main, ["export", "NOPE", "--csv", str(out_csv)], env=env)
    assert missing.exit_code == 1 and missing.output.startswith("Error: No cohort with code 'NOPE' (known: E, F)")
    nothing = runner.invoke(main, ["export", "E"], env=env)
    assert nothing.exit_code == 1 and "--csv FILE, --pdf FILE" in nothing.output


LONG_NAME = "Pelatihan Juru Bicara dan Kehumasan Pemerintah Provinsi Jawa Barat Angkatan III"


@pytest.fixture
def five(store):
    """Five participants who practised twice each, one who did not, in a cohort with a long name."""
    c = store.create_cohort("HUMAS-JABAR-2025-III", LONG_NAME)
    for i in range(5):
        person = store.add_participant(c.id, f"Peserta {i + 1}", password_hash=None)
        for k in range(2):
            store.save_attempt(person.id, audio=b"", audio_suffix="", report=scored_report(40.0 + 7 * i + 10 * k),
                               created_at=T0 + timedelta(days=k))
    store.add_participant(c.id, "Belum Berlatih", password_hash=None)
    return load_dashboard(store, c)


def _title_and_pages(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(reader.pages[0].extract_text().split()), len(reader.pages)


def test_five_participants_fit_one_page_and_the_long_title_is_whole(five):
    data, result = build_cohort_pdf(five, charts=False)
    first_page, pages = _title_and_pages(data)
    assert pages == result.pages == 1  # was 6 mostly blank pages
    assert f"Laporan kelompok: {LONG_NAME} (HUMAS-JABAR-2025-III)" in first_page  # was cut at "(HUMAS"
    assert all(f"Peserta {i}" in first_page for i in range(1, 6)) and "Belum Berlatih" in first_page
    assert "Rekaman 10" in first_page and "Halaman 1 dari 1" in first_page


@pytest.mark.skipif(find_browser() is None, reason="needs Debian's chromium for kaleido (apt install chromium)")
def test_five_participants_with_charts_take_three_pages(five):
    data, result = build_cohort_pdf(five, lang="en")
    first_page, pages = _title_and_pages(data)
    assert result.charts and pages == result.pages == expected_pages(6) == 3 and pdf_images(data) == 4
    assert f"Cohort report: {LONG_NAME} (HUMAS-JABAR-2025-III)" in first_page
    text = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert "Score distribution per dimension" in text[1] and "Cohort mean: first vs latest" in text[1]
    assert "First vs latest per participant" in text[2] and "the 5 participants with the lowest" in text[2]


def test_pdf_dates_are_local_days(store):
    """An attempt at 20:00 UTC on 1 March was made on 2 March in Jakarta: the table says so."""
    c = store.create_cohort("TZ")
    person = store.add_participant(c.id, "Larut", password_hash=None)
    store.save_attempt(person.id, audio=b"", audio_suffix="", report=scored_report(50.0),
                       created_at=T0.replace(hour=20))
    data, _ = build_cohort_pdf(load_dashboard(store, c), charts=False)
    page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "2025-03-02" in page and "2025-03-01" not in page and " WIB" in page
