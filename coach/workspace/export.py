"""Cohort exports: the CSV (:mod:`coach.workspace.export_csv`, re-exported here) and a compact PDF report.

The PDF (fpdf2, A4) has a fixed layout, so its page count is known in advance
(:func:`expected_pages`): the first page holds the title (wrapped and, if long, set smaller: never
cut), the summary and the first :data:`FIRST_PAGE_ROWS` rows of the participants table; the table
continues :data:`ROWS_PER_PAGE` rows to a page; then two pages of charts, two to a page
(distribution and first-vs-latest per dimension; improvement and the weakest participants'
heatmap). Charts are drawn by kaleido with Debian's Chromium (:mod:`coach.charts.images`); when that
fails the PDF still comes out, without chart pages, and its first page says why. Dates are shown in
the deployment's time zone (``WICARA_TIMEZONE``).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from ..charts.cohort import change_figure, distribution_figure, heatmap_figure, improvement_figure
from ..charts.images import find_browser, render_figures
from ..errors import StoreError
from ..i18n import t, tn
from ..localtime import show, show_day, zone
from ..store.types import AttemptFilter, Cohort
from .cohort import CohortDashboard, load_dashboard
from .export_csv import CSV_COLUMNS, CSV_FORMATS, cohort_csv_bytes, csv_format_for, write_cohort_csv

__all__ = ["CSV_COLUMNS", "CSV_FORMATS", "FIRST_PAGE_ROWS", "ROWS_PER_PAGE", "PdfResult", "build_cohort_pdf",
           "cohort_csv_bytes", "csv_format_for", "expected_pages", "find_browser", "render_figures",
           "write_cohort_csv", "write_cohort_pdf"]

FIRST_PAGE_ROWS = 20  # table rows under the summary on the first page
ROWS_PER_PAGE = 40
HEATMAP_ROWS = 40  # the PDF's heatmap shows the weakest this many participants
CHART_PAGES = (("distribution", "change"), ("improvement", "heatmap"))  # two charts to a page
CHARTS_OFF = "turned off"  # PdfResult.note of a PDF made with charts=False
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_MARGIN, _BOTTOM = 12.0, 277.0  # mm; the page number sits below _BOTTOM
_TITLE_H = 18.0  # the title's box: it shrinks until it fits (see _title)
_TITLE_SIZES = ((16, 8.0), (13, 6.5), (11, 5.5), (9, 4.5))  # (points, line height mm); lines = _TITLE_H // h
_LIST_LINES = 3  # "needs attention" and "not practised" lists: at most this many lines each
_TABLE_TOP = 138.0  # the summary ends above this, whatever it holds; then the table's first rows fit
_ROW_H, _HEAD_H = 6.0, 7.0
_SLOT_H = (_BOTTOM - _MARGIN) / 2  # a chart's half page: its title and its image



def _tx(key: str, lang: str, **values: Any) -> str:
    """The report text ``export.<key>`` of the interface catalogs."""
    return t(f"export.{key}", lang, **values)


@dataclass(frozen=True)
class PdfResult:
    pages: int
    charts: bool  # False: the PDF has no images (``note`` says why)
    note: str | None = None


def expected_pages(participants: int, *, charts: bool = True) -> int:
    """Pages of the cohort PDF for a cohort with this many participants (with or without its charts)."""
    table = 1 + max(0, math.ceil((participants - FIRST_PAGE_ROWS) / ROWS_PER_PAGE))
    return table + (len(CHART_PAGES) if charts else 0)


class _Doc:
    """fpdf2 with a Unicode font when there is one (DejaVu), else Helvetica and Latin-1 text; every
    page numbered at its foot."""

    def __init__(self, lang: str) -> None:
        from fpdf import FPDF

        doc = self

        class _Numbered(FPDF):
            def footer(self) -> None:
                self.set_y(-14)
                doc.font(8)
                self.cell(0, 6, doc.clean(_tx("page", lang, i=self.page_no(), n="{nb}")), align="C")

        self.pdf = _Numbered(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)  # fixed layout: the page count is known in advance
        self.pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        regular, bold = _FONT_DIR / "DejaVuSans.ttf", _FONT_DIR / "DejaVuSans-Bold.ttf"
        self.unicode = regular.is_file() and bold.is_file()
        if self.unicode:
            self.pdf.add_font("DejaVu", "", str(regular))
            self.pdf.add_font("DejaVu", "B", str(bold))
        self.family = "DejaVu" if self.unicode else "Helvetica"

    def clean(self, text: str) -> str:
        if self.unicode:
            return text
        text = text.replace("→", "->").replace("…", "...").replace("–", "-").replace("×", "x")
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def line(self, text: str, *, size: float = 10, bold: bool = False, h: float = 6) -> None:
        self.font(size, bold)
        self.pdf.cell(0, h, self.fit(text, self.pdf.epw), new_x="LMARGIN", new_y="NEXT")

    def lines(self, text: str, *, size: float = 10, bold: bool = False) -> int:
        """How many lines ``text`` takes across the page at ``size``."""
        self.font(size, bold)
        return len(self.pdf.multi_cell(0, 5, self.clean(text), dry_run=True, output="LINES"))

    def para(self, text: str, *, size: float = 10, h: float = 5, bold: bool = False) -> None:
        self.font(size, bold)
        self.pdf.multi_cell(0, h, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def fit(self, text: str, width_mm: float) -> str:
        text = self.clean(text)
        ellipsis = self.clean("…")
        if self.pdf.get_string_width(text) <= width_mm:
            return text
        while text and self.pdf.get_string_width(text + ellipsis) > width_mm:
            text = text[:-1]
        return text + ellipsis


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def _filter_text(flt: AttemptFilter, lang: str, tz: tzinfo) -> str:
    parts = []
    if flt.exercise_id is not None:
        parts.append(f"{_tx('exercise', lang)} {flt.exercise_id or '—'}")
    if flt.since is not None:
        parts.append(f"{_tx('since', lang)} {show_day(flt.since, tz)}")
    if flt.until is not None:
        parts.append(f"{_tx('until', lang)} {show_day(flt.until, tz)}")
    if flt.language is not None:
        parts.append(f"{_tx('language', lang)} {flt.language}")
    return ", ".join(parts) or _tx("all", lang)


def _bounded(doc: _Doc, items: list[str], lang: str, *, size: float = 9) -> str:
    """``items`` joined, as many as fit in :data:`_LIST_LINES` lines, then "and n more"."""
    if not items:
        return _tx("none", lang)
    for shown in range(len(items), 0, -1):
        text = ", ".join(items[:shown]) + (f" {_tx('more', lang, n=len(items) - shown)}" if shown < len(items) else "")
        if doc.lines(text, size=size) <= _LIST_LINES:
            return text
    return doc.fit(items[0], doc.pdf.epw * _LIST_LINES * 0.9)


def _title(doc: _Doc, text: str) -> None:
    """The title whole, in the largest size whose lines fit :data:`_TITLE_H` (never cut off)."""
    top = doc.pdf.get_y()
    for size, h in _TITLE_SIZES:
        if doc.lines(text, size=size, bold=True) * h <= _TITLE_H or size == _TITLE_SIZES[-1][0]:
            doc.para(text, size=size, h=h, bold=True)
            break
    doc.pdf.set_y(max(doc.pdf.get_y(), top + _TITLE_H) + 1)


def _summary(doc: _Doc, dash: CohortDashboard, lang: str, note: str | None, tz: tzinfo) -> None:
    pdf = doc.pdf
    _title(doc, f"{_tx('title', lang)}: {dash.cohort.name} ({dash.cohort.code})")
    doc.para(f"{_tx('generated', lang)}: {show(datetime.now(UTC), tz)} · "
             f"{_tx('filter', lang)}: {_filter_text(dash.filter, lang, tz)}", size=8, h=4)
    pdf.ln(2)
    overall_first, overall_latest = dash.first_mean.get("overall"), dash.latest_mean.get("overall")
    for key, value in (("participants", len(dash.participants)), ("practised", len(dash.practised)),
                       ("not_practised", len(dash.not_practised)), ("attempts", dash.attempt_count),
                       ("first_latest", (f"{_fmt(overall_first)} → {_fmt(overall_latest)} "
                                         f"({_fmt(dash.change_mean.get('overall'), signed=True)})"))):
        doc.font(10, bold=True)
        pdf.cell(128, 6, doc.fit(_tx(key, lang), 126))
        doc.font(10)
        pdf.cell(0, 6, doc.clean(str(value)), new_x="LMARGIN", new_y="NEXT")
    outliers = [f"{o.name} ({_tx(o.kind, lang)} {_fmt(o.value, signed=o.kind == 'change')}, z {o.z:+.1f})"
                for o in dash.outliers]
    for heading, items in (("outliers", outliers), ("not_practised", [p.name for p in dash.not_practised])):
        pdf.ln(1)
        doc.line(_tx(heading, lang), size=11, bold=True, h=7)
        doc.para(_bounded(doc, items, lang), size=9, h=4.5)
    if note:
        pdf.ln(1)
        doc.line(_tx("no_charts", lang, why=_tx("charts_off", lang) if note == CHARTS_OFF else note), size=8, h=5)


_WIDTHS = (9, 60, 17, 28, 17, 17, 17, 21)  # 186 mm: the page between its margins
_HEADS = ("no", "name", "attempts", "last", "mean", "first", "latest", "delta")


def _table(doc: _Doc, dash: CohortDashboard, lang: str, tz: tzinfo) -> None:
    """The participants table: :data:`FIRST_PAGE_ROWS` rows under the summary, then full pages."""
    pdf = doc.pdf
    rows = list(dash.participants)
    chunks = [rows[:FIRST_PAGE_ROWS]] + [rows[i:i + ROWS_PER_PAGE] for i in range(FIRST_PAGE_ROWS, len(rows),
                                                                                   ROWS_PER_PAGE)]
    number = 0
    for page, chunk in enumerate(chunks):
        if page == 0:  # under the summary, which ends above _TABLE_TOP whatever it holds: the rows fit
            pdf.set_y(min(pdf.get_y() + 3, _TABLE_TOP))
        else:
            pdf.add_page()
        doc.line(_tx("table" if page == 0 else "continued", lang), size=11, bold=True, h=7)
        doc.font(8, bold=True)
        for w, key in zip(_WIDTHS, _HEADS):
            pdf.cell(w, _HEAD_H, doc.fit(_tx(key, lang), w - 1), border="B")
        pdf.ln(_HEAD_H)
        doc.font(8)
        for p in chunk:
            number += 1
            first = p.first.get("overall") if p.first else None
            latest = p.latest.get("overall") if p.latest else None
            cells = (str(number), p.name, str(p.attempts), show_day(p.last_at, tz) if p.last_at else "–",
                     _fmt(p.mean.get("overall")), _fmt(first), _fmt(latest), _fmt(p.change.get("overall"), True))
            for w, value in zip(_WIDTHS, cells):
                pdf.cell(w, _ROW_H, doc.fit(value, w - 1))
            pdf.ln(_ROW_H)


def _chart(doc: _Doc, top: float, title: str, image: bytes) -> None:
    """One chart in the half page starting at ``top``: its title, then the image as large as fits."""
    from PIL import Image

    pdf = doc.pdf
    pdf.set_y(top)
    doc.line(title, size=11, bold=True, h=7)
    with Image.open(io.BytesIO(image)) as im:
        w_px, h_px = im.size
    max_w, max_h = pdf.epw, _SLOT_H - 10
    scale = min(max_w / w_px, max_h / h_px)
    w, h = w_px * scale, h_px * scale
    pdf.image(io.BytesIO(image), x=_MARGIN + (max_w - w) / 2, y=pdf.get_y() + 1, w=w, h=h)


def build_cohort_pdf(dash: CohortDashboard, *, lang: str = "id", browser_path: str | None = None,
                     charts: bool = True, tz: tzinfo | None = None) -> tuple[bytes, PdfResult]:
    """The PDF report of a dashboard; ``charts=False`` skips the browser (a PDF without images);
    ``tz``: the zone its dates are shown in (default Asia/Jakarta)."""
    tz = tz or zone()
    n_heat = min(HEATMAP_ROWS, len(dash.practised))
    figures = {
        "distribution": distribution_figure(dash, lang=lang),
        "change": change_figure(dash, lang=lang),
        "improvement": improvement_figure(dash, lang=lang),
        "heatmap": heatmap_figure(dash, lang=lang, limit=HEATMAP_ROWS),
    }
    for fig in figures.values():
        fig.update_layout(width=1000)
    figures["improvement"].update_layout(height=600)
    images, note = render_figures(figures, browser_path=browser_path) if charts else ({}, CHARTS_OFF)
    if len(images) < len(figures):
        images = {}  # all four or none: the page count stays known
    doc = _Doc(lang)
    doc.pdf.set_title(f"{_tx('title', lang)}: {dash.cohort.name} ({dash.cohort.code})")
    doc.pdf.set_creator("Wicara")
    doc.pdf.set_subject(doc.clean(f"{dash.cohort.name}: {_tx('no_charts', lang, why=note) if note else ''}"))
    doc.pdf.add_page()
    _summary(doc, dash, lang, note, tz)
    _table(doc, dash, lang, tz)
    titles = {"distribution": _tx("distribution", lang), "change": _tx("change_chart", lang),
              "improvement": _tx("improvement", lang), "heatmap": tn("export.heatmap", n_heat, lang)}
    if images:
        for pair in CHART_PAGES:
            doc.pdf.add_page()
            for slot, name in enumerate(pair):
                _chart(doc, _MARGIN + slot * _SLOT_H, titles[name], images[name])
    data = bytes(doc.pdf.output())
    return data, PdfResult(pages=doc.pdf.pages_count, charts=bool(images), note=note)


def write_cohort_pdf(store: Any, cohort: Cohort, path: Path, flt: AttemptFilter | None = None, *,
                     lang: str = "id", browser_path: str | None = None, charts: bool = True,
                     tz: tzinfo | None = None) -> PdfResult:
    """Query the cohort, build its PDF report and write it to ``path``."""
    dash = load_dashboard(store, cohort, flt)
    data, result = build_cohort_pdf(dash, lang=lang, browser_path=browser_path, charts=charts, tz=tz)
    try:
        Path(path).write_bytes(data)
    except OSError as e:
        raise StoreError(f"Cannot write {path}: {e.strerror}. Choose another file name or folder.") from e
    return result
