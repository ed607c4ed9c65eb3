"""Cohort exports: a CSV with one row per attempt, and a PDF report with charts.

The CSV is UTF-8 with a byte-order mark (so spreadsheet programs read names with accents right);
text cells that a spreadsheet would run as a formula are prefixed with an apostrophe. The PDF
(fpdf2) has a fixed layout, so its page count is known in advance: a summary page, one page per
chart (distribution, first-vs-latest per dimension, improvement, weakest participants' heatmap),
then a table of participants, :data:`ROWS_PER_PAGE` to a page. Charts are drawn by Plotly's kaleido
with Debian's Chromium; when that fails (no browser, a timeout) the PDF still comes out, without
images, and says why on each chart page.
"""

from __future__ import annotations

import asyncio
import csv
import io
import math
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import plotly.graph_objects as go

from ..charts.cohort import change_figure, distribution_figure, heatmap_figure, improvement_figure
from .cohort import CohortDashboard, load_dashboard
from ..errors import StoreError
from ..i18n import t, tn
from ..store.schema import SCORE_DIMENSIONS
from ..store.types import AttemptFilter, Cohort

__all__ = ["CSV_COLUMNS", "ROWS_PER_PAGE", "PdfResult", "build_cohort_pdf", "cohort_csv_bytes", "expected_pages",
           "find_browser", "render_figures", "write_cohort_csv", "write_cohort_pdf"]

CSV_COLUMNS = ("cohort", "attempt_id", "created_at", "participant_id", "participant", "exercise_id",
               "exercise_version", "language", "duration_s", "analysis_version", "review_state", "comment_count",
               *(f"score_{d}" for d in SCORE_DIMENSIONS), *(f"override_{d}" for d in SCORE_DIMENSIONS))
ROWS_PER_PAGE = 40
HEATMAP_ROWS = 40  # the PDF's heatmap shows the weakest this many participants
CHART_PAGES = ("distribution", "change", "improvement", "heatmap")
BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV Injection"); ";" too
# where it is the list separator (Excel in Indonesian), e.g. ``;=cmd|' /C calc'!A0``.
_FORMULA_START = ("=", "+", "-", "@", ";", "\t", "\r", "\n")


def _tx(key: str, lang: str, **values: Any) -> str:
    """The report text ``export.<key>`` of the interface catalogs."""
    return t(f"export.{key}", lang, **values)


# ---------------------------------------------------------------- CSV
def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def write_cohort_csv(store: Any, cohort: Cohort, target: IO[str] | Path, flt: AttemptFilter | None = None) -> int:
    """One row per attempt of the cohort's participants (columns: :data:`CSV_COLUMNS`); returns the row count."""
    if isinstance(target, Path):
        try:
            with open(target, "w", encoding="utf-8-sig", newline="") as f:
                return write_cohort_csv(store, cohort, f, flt)
        except OSError as e:
            raise StoreError(f"Cannot write {target}: {e.strerror}. Choose another file name or folder.") from e
    writer = csv.writer(target, quoting=csv.QUOTE_NONNUMERIC)  # every text cell quoted: a ";" never splits one
    writer.writerow(CSV_COLUMNS)
    n = 0
    for row in store.iter_cohort_attempts(cohort.id, flt):
        values = {"cohort": cohort.code, "participant_id": row["person_id"], "participant": row["name"],
                  **row, "created_at": row["created_at"].isoformat(timespec="seconds")}
        writer.writerow([_safe_cell(values.get(c)) if values.get(c) is not None else "" for c in CSV_COLUMNS])
        n += 1
    return n


def cohort_csv_bytes(store: Any, cohort: Cohort, flt: AttemptFilter | None = None) -> bytes:
    """The CSV as bytes (for a download button)."""
    buffer = io.StringIO()
    write_cohort_csv(store, cohort, buffer, flt)
    return buffer.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------- charts as images
def find_browser() -> str | None:
    """Debian's Chromium (or another Chrome) for kaleido, or None."""
    for candidate in BROWSER_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chrome")


def render_figures(figures: Mapping[str, go.Figure], *, browser_path: str | None = None, width_px: int = 1000,
                   timeout_s: float = 60.0) -> tuple[dict[str, bytes], str | None]:
    """PNG bytes per figure through one kaleido browser, or ``({}, why not)``."""
    try:
        import kaleido
    except ImportError as e:
        return {}, f"kaleido is not installed ({e}): pip install kaleido"
    path = browser_path or find_browser()
    if path is None or not Path(path).is_file():
        return {}, f"Chromium not found ({path or 'no chromium on PATH'}); install it: apt install chromium"

    async def render() -> dict[str, bytes]:
        async with kaleido.Kaleido(path=path, mathjax=False, timeout=timeout_s) as k:
            out = {}
            for name, fig in figures.items():
                height = int(fig.layout.height or 500)
                out[name] = await k.calc_fig(fig.to_dict(), opts={"format": "png", "width": width_px,
                                                                  "height": height, "scale": 2})
            return out

    result: dict[str, Any] = {}

    def run() -> None:  # a thread of its own: the caller may already run an event loop (Streamlit, Jupyter)
        try:
            result["images"] = asyncio.run(render())
        except BaseException as e:  # noqa: BLE001 - any failure means: a PDF without images
            result["error"] = e

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout_s * (len(figures) + 1))
    if "images" in result:
        return result["images"], None
    error = result.get("error")
    why = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}" if error else "timed out"
    return {}, f"the charts could not be drawn with {path} ({why})"


# ---------------------------------------------------------------- PDF
@dataclass(frozen=True)
class PdfResult:
    pages: int
    charts: bool  # False: the PDF has no images (``note`` says why)
    note: str | None = None


def expected_pages(participants: int) -> int:
    """Pages of the cohort PDF for a cohort with this many participants."""
    return 1 + len(CHART_PAGES) + max(1, math.ceil(participants / ROWS_PER_PAGE))


class _Doc:
    """fpdf2 with a Unicode font when there is one (DejaVu), else Helvetica and Latin-1 text."""

    def __init__(self) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)  # fixed layout: the page count is known in advance
        self.pdf.set_margins(12, 12, 12)
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
        self.pdf.cell(0, h, self.clean(text), new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str, *, size: float = 10, h: float = 5) -> None:
        self.font(size)
        self.pdf.multi_cell(0, h, self.clean(text), new_x="LMARGIN", new_y="NEXT")

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


def _filter_text(flt: AttemptFilter, lang: str) -> str:
    parts = []
    if flt.exercise_id is not None:
        parts.append(f"{_tx('exercise', lang)} {flt.exercise_id or '—'}")
    if flt.since is not None:
        parts.append(f"{_tx('since', lang)} {flt.since:%Y-%m-%d}")
    if flt.until is not None:
        parts.append(f"{_tx('until', lang)} {flt.until:%Y-%m-%d}")
    if flt.language is not None:
        parts.append(f"{_tx('language', lang)} {flt.language}")
    return ", ".join(parts) or _tx("all", lang)


def _listing(items: list[str], limit: int, lang: str) -> str:
    if not items:
        return _tx("none", lang)
    shown = ", ".join(items[:limit])
    return shown + (f" {_tx('more', lang, n=len(items) - limit)}" if len(items) > limit else "")


def _summary_page(doc: _Doc, dash: CohortDashboard, lang: str, note: str | None) -> None:
    pdf = doc.pdf
    pdf.add_page()
    doc.line(f"{_tx('title', lang)}: {dash.cohort.name} ({dash.cohort.code})", size=16, bold=True, h=10)
    doc.line(f"{_tx('generated', lang)}: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · "
             f"{_tx('filter', lang)}: {_filter_text(dash.filter, lang)}", size=9)
    pdf.ln(3)
    overall_first, overall_latest = dash.first_mean.get("overall"), dash.latest_mean.get("overall")
    for key, value in (("participants", len(dash.participants)), ("practised", len(dash.practised)),
                       ("not_practised", len(dash.not_practised)), ("attempts", dash.attempt_count),
                       ("first_latest", (f"{_fmt(overall_first)} → {_fmt(overall_latest)} "
                                         f"({_fmt(dash.change_mean.get('overall'), signed=True)})"))):
        doc.font(10, bold=True)
        pdf.cell(120, 6, doc.clean(_tx(key, lang)))
        doc.font(10)
        pdf.cell(0, 6, doc.clean(str(value)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    doc.line(_tx("outliers", lang), size=12, bold=True, h=8)
    outliers = [f"{o.name} ({_tx(o.kind, lang)} {_fmt(o.value, signed=o.kind == 'change')}, z {o.z:+.1f})"
                for o in dash.outliers]
    doc.para(_listing(outliers, 12, lang), size=9)
    pdf.ln(2)
    doc.line(_tx("not_practised", lang), size=12, bold=True, h=8)
    doc.para(_listing([p.name for p in dash.not_practised], 60, lang), size=9)
    if note:
        pdf.ln(3)
        doc.para(_tx("no_charts", lang, why=note), size=9)


def _chart_page(doc: _Doc, title: str, image: bytes | None, note: str | None, lang: str) -> None:
    pdf = doc.pdf
    pdf.add_page()
    doc.line(title, size=13, bold=True, h=9)
    if image is None:
        doc.para(_tx("no_charts", lang, why=note or "?"), size=10)
        return
    from PIL import Image

    with Image.open(io.BytesIO(image)) as im:
        w_px, h_px = im.size
    max_w, max_h = pdf.w - 24, pdf.h - pdf.get_y() - 14
    scale = min(max_w / w_px, max_h / h_px)
    pdf.image(io.BytesIO(image), x=12, y=pdf.get_y() + 2, w=w_px * scale, h=h_px * scale)


def _table_pages(doc: _Doc, dash: CohortDashboard, lang: str) -> None:
    pdf = doc.pdf
    widths = (10, 56, 18, 28, 18, 16, 16, 24)
    heads = ("no", "name", "attempts", "last", "mean", "first", "latest", "delta")
    rows = list(dash.participants)
    pages = max(1, math.ceil(len(rows) / ROWS_PER_PAGE))
    for page in range(pages):
        pdf.add_page()
        doc.line(f"{_tx('table', lang)} · {_tx('page', lang, i=page + 1, n=pages)}", size=12, bold=True, h=8)
        doc.font(8, bold=True)
        for w, key in zip(widths, heads):
            pdf.cell(w, 7, doc.fit(_tx(key, lang), w - 1), border="B")
        pdf.ln(7)
        doc.font(8)
        for i, p in enumerate(rows[page * ROWS_PER_PAGE:(page + 1) * ROWS_PER_PAGE], start=page * ROWS_PER_PAGE + 1):
            first = p.first.get("overall") if p.first else None
            latest = p.latest.get("overall") if p.latest else None
            cells = (str(i), p.name, str(p.attempts), f"{p.last_at:%Y-%m-%d}" if p.last_at else "–",
                     _fmt(p.mean.get("overall")), _fmt(first), _fmt(latest), _fmt(p.change.get("overall"), True))
            for w, value in zip(widths, cells):
                pdf.cell(w, 6, doc.fit(value, w - 1))
            pdf.ln(6)


def build_cohort_pdf(dash: CohortDashboard, *, lang: str = "id", browser_path: str | None = None,
                     charts: bool = True) -> tuple[bytes, PdfResult]:
    """The PDF report of a dashboard; ``charts=False`` skips the browser (a PDF without images)."""
    figures = {
        "distribution": distribution_figure(dash, lang=lang),
        "change": change_figure(dash, lang=lang),
        "improvement": improvement_figure(dash, lang=lang),
        "heatmap": heatmap_figure(dash, lang=lang, limit=HEATMAP_ROWS),
    }
    for fig in figures.values():
        fig.update_layout(width=1000)
    figures["improvement"].update_layout(height=800)
    images, note = render_figures(figures, browser_path=browser_path) if charts else ({}, "turned off")
    doc = _Doc()
    doc.pdf.set_title(f"{_tx('title', lang)} {dash.cohort.code}")
    doc.pdf.set_creator("Wicara")
    doc.pdf.set_subject(doc.clean(f"{dash.cohort.name}: {_tx('no_charts', lang, why=note) if note else ''}"))
    _summary_page(doc, dash, lang, note)
    titles = {"distribution": _tx("distribution", lang), "change": _tx("change_chart", lang),
              "improvement": _tx("improvement", lang),
              "heatmap": tn("export.heatmap", min(HEATMAP_ROWS, len(dash.practised)), lang)}
    for name in CHART_PAGES:
        _chart_page(doc, titles[name], images.get(name), note, lang)
    _table_pages(doc, dash, lang)
    data = bytes(doc.pdf.output())
    return data, PdfResult(pages=doc.pdf.pages_count, charts=bool(images), note=note)


def write_cohort_pdf(store: Any, cohort: Cohort, path: Path, flt: AttemptFilter | None = None, *,
                     lang: str = "id", browser_path: str | None = None, charts: bool = True) -> PdfResult:
    """Query the cohort, build its PDF report and write it to ``path``."""
    dash = load_dashboard(store, cohort, flt)
    data, result = build_cohort_pdf(dash, lang=lang, browser_path=browser_path, charts=charts)
    try:
        Path(path).write_bytes(data)
    except OSError as e:
        raise StoreError(f"Cannot write {path}: {e.strerror}. Choose another file name or folder.") from e
    return result

