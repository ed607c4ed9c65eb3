"""One word for an attempt in each language: "rekaman" in Bahasa Indonesia ("percobaan" nowhere), "attempt"
in English, in the interface catalogs, the cohort charts and the cohort PDF."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from trainer_helpers import T0, scored_report

from coach.charts.cohort import improvement_figure
from coach.i18n import STRINGS
from coach.workspace.cohort import load_dashboard
from coach.workspace.export import build_cohort_pdf

# Interface texts that name an attempt (a practice recording with its analysis).
ATTEMPT_KEYS = ("choose_attempt", "no_attempts", "chart_attempt", "attempt_count", "stat_attempts", "col_attempts",
                "drill_attempt", "review_this", "no_data_in_range", "queue_empty", "queue_count", "open_attempt",
                "whole_attempt", "review_intro", "export_help", "export.attempts", "export.all", "chart.count",
                "chart.first", "chart.latest", "chart.attempts")


def _text(value: object) -> str:
    return " ".join(value) if isinstance(value, tuple) else str(value)


def test_each_language_names_an_attempt_with_one_word():
    for key in ATTEMPT_KEYS:
        assert "rekaman" in _text(STRINGS["id"][key]).lower(), key
        assert "attempt" in _text(STRINGS["en"][key]).lower(), key
        assert "recording" not in _text(STRINGS["en"][key]).lower(), key


def test_percobaan_is_not_used_anywhere_in_the_indonesian_interface():
    used = [key for key, value in STRINGS["id"].items() if re.search(r"percobaan", _text(value), re.IGNORECASE)]
    assert used == []


def test_the_cohort_chart_and_pdf_say_rekaman(store):
    c = store.create_cohort("T", "Kelompok T")
    person = store.add_participant(c.id, "Ani", password_hash=None)
    for day, score in enumerate((50.0, 60.0)):
        store.save_attempt(person.id, audio=b"", audio_suffix="", report=scored_report(score),
                           created_at=T0.replace(day=1 + day))
    dash = load_dashboard(store, c)
    fig = improvement_figure(dash, lang="id")
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("Rekaman pertama", "Rekaman terakhir")
    data, _ = build_cohort_pdf(dash, charts=False)
    page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Rekaman 2" in page and "percobaan" not in page.lower()
