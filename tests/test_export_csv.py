"""The cohort CSV for Indonesian spreadsheets (``;``, decimal commas, UTF-8 BOM, local times) with the
trainer's comments and override reasons; the former format stays as ``plain``; `wicara export --csv-format`."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from test_export import cohort  # noqa: F401 - the fixture: cohort E (Ani with a comment and an override)
from trainer_helpers import T0, scored_report

from coach.cli import main
from coach.errors import StoreError
from coach.localtime import zone
from coach.workspace.export import CSV_COLUMNS, cohort_csv_bytes, csv_format_for, write_cohort_csv


def _rows(raw: bytes, delimiter: str) -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 names right
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def test_indonesian_csv_uses_semicolons_decimal_commas_and_jakarta_time(cohort):  # noqa: F811
    store, c, first = cohort
    raw = cohort_csv_bytes(store, c, fmt="id")
    text = raw.decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert len(header) == len(CSV_COLUMNS) and header[2] == '"created_at (WIB)"'
    rows = _rows(raw, ";")
    ani = rows[0]
    assert (ani["attempt_id"], ani["created_at (WIB)"]) == (str(first), "2025-03-01 16:00:00")  # 09:00 UTC
    assert (ani["score_overall"], ani["score_pace"], ani["override_pace"], ani["duration_s"]) == (
        "40,0", "55,5", "75,0", "60,0")
    assert ";40,0;55,5;" in text.splitlines()[1]  # numbers bare: the spreadsheet reads them as numbers
    assert ani["participant"] == "Ani" and rows[2]["participant"] == "'=HYPERLINK(\"http://x\")"
    assert ani["comments"] == "[0:02] Tia: Bagus." and ani["override_reasons"] == "pace 75: Tempo wajar. (Tia)"
    assert rows[1]["comments"] == "" and rows[1]["override_reasons"] == ""


def test_indonesian_csv_in_another_zone_names_it(cohort):  # noqa: F811
    store, c, _ = cohort
    rows = _rows(cohort_csv_bytes(store, c, fmt="id", tz=zone("Asia/Jayapura")), ";")
    assert rows[0]["created_at (WIT)"] == "2025-03-01 18:00:00"


def test_plain_csv_keeps_the_former_format_and_adds_the_feedback_columns(cohort, tmp_path):  # noqa: F811
    store, c, first = cohort
    path = tmp_path / "e.csv"
    assert write_cohort_csv(store, c, path, fmt="plain") == 3
    rows = _rows(path.read_bytes(), ",")
    assert tuple(rows[0])[-2:] == ("comments", "override_reasons")
    ani = rows[0]
    assert (ani["created_at"], ani["score_pace"], ani["override_pace"]) == ("2025-03-01T09:00:00+00:00", "55.5", "75.0")
    assert ani["comments"] == "[0:02] Tia: Bagus." and ani["override_reasons"] == "pace 75: Tempo wajar. (Tia)"


def test_comments_stay_on_one_line_and_formula_looking_feedback_is_guarded(store):
    c = store.create_cohort("G", "Cohort G")
    person = store.add_participant(c.id, "Budi", password_hash=None)
    trainer = store.add_account("=Evil", login="evil", role="trainer", password_hash="x")
    attempt = store.save_attempt(person.id, audio=b"", audio_suffix="", report=scored_report(50.0), created_at=T0)
    store.add_comment(attempt, author_id=trainer.id, text="Baris satu;\ndua \"kutip\"")
    store.add_comment(attempt, author_id=trainer.id, text="Di menit kedua.", at_s=75.0)
    store.override_score(attempt, dimension="overall", score=62.5, reason="Ruangan bising.", author_id=trainer.id)
    raw = cohort_csv_bytes(store, c, fmt="id")
    assert len(raw.decode("utf-8-sig").splitlines()) == 2  # header and one row: no line breaks inside cells
    (row,) = _rows(raw, ";")
    assert row["comments"] == "'=Evil: Baris satu; dua \"kutip\" | [1:15] =Evil: Di menit kedua."
    assert row["override_reasons"] == "overall 62,5: Ruangan bising. (=Evil)"


def test_the_format_follows_the_language_and_unknown_formats_are_refused(cohort):  # noqa: F811
    store, c, _ = cohort
    assert (csv_format_for("id"), csv_format_for("en")) == ("id", "plain")
    with pytest.raises(StoreError, match="Unknown CSV format 'xlsx'"):
        cohort_csv_bytes(store, c, fmt="xlsx")


def test_cli_csv_format_defaults_to_the_export_language(db, cohort, tmp_path):  # noqa: F811
    env = {"WICARA_DATABASE_URL": db[0], "WICARA_DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / "out.csv"
    runner = CliRunner()
    done = runner.invoke(main, ["export", "E", "--csv", str(out)], env=env)
    assert done.exit_code == 0, done.output
    assert out.read_bytes().decode("utf-8-sig").splitlines()[1].count(";") == len(CSV_COLUMNS) - 1
    done = runner.invoke(main, ["export", "E", "--csv", str(out), "--lang", "en"], env=env)
    assert done.exit_code == 0 and _rows(out.read_bytes(), ",")[0]["score_pace"] == "55.5"
    done = runner.invoke(main, ["export", "E", "--csv", str(out), "--csv-format", "plain", "--since", "2025-03-03"],
                         env=env)
    assert done.exit_code == 0 and len(_rows(out.read_bytes(), ",")) == 1  # the day starts at 00:00 WIB
