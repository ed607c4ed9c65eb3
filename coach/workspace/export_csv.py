"""The cohort CSV: one row per attempt, in two formats.

``id`` (for Indonesian spreadsheets, the app's default in Bahasa Indonesia and `wicara export`'s with
``--lang id``): cells separated by ``;``, decimal commas (``55,5``), times in the deployment's zone
(``WICARA_TIMEZONE``, e.g. ``2025-03-01 16:00:00`` under a ``created_at (WIB)`` header), so that Excel
and LibreOffice set to Indonesian open it in columns with numbers they can add up.

``plain`` (the format Wicara always wrote): ``,`` separators, decimal points, times as ISO 8601 in
UTC (``2025-03-01T09:00:00+00:00``), every text cell quoted.

Both are UTF-8 with a byte-order mark (so spreadsheet programs read names with accents right), have
the columns :data:`CSV_COLUMNS` (in ``id`` the time column's header names its zone) and end with the
trainer's comments and the reasons for score overrides. A text cell a spreadsheet would run as a
formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from datetime import tzinfo
from pathlib import Path
from typing import IO, Any

from ..errors import StoreError
from ..localtime import local, zone, zone_label
from ..store.schema import SCORE_DIMENSIONS
from ..store.types import AttemptFilter, Cohort

__all__ = ["CSV_COLUMNS", "CSV_FORMATS", "cohort_csv_bytes", "csv_format_for", "write_cohort_csv"]

CSV_COLUMNS = ("cohort", "attempt_id", "created_at", "participant_id", "participant", "exercise_id",
               "exercise_version", "language", "duration_s", "analysis_version", "review_state", "comment_count",
               *(f"score_{d}" for d in SCORE_DIMENSIONS), *(f"override_{d}" for d in SCORE_DIMENSIONS),
               "comments", "override_reasons")
CSV_FORMATS = ("id", "plain")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV Injection"); ";" too
# where it is the list separator (Excel in Indonesian), e.g. ``;=cmd|' /C calc'!A0``.
_FORMULA_START = ("=", "+", "-", "@", ";", "\t", "\r", "\n")
_JOIN = " | "  # several comments in one cell, on one line


def csv_format_for(lang: str) -> str:
    """The CSV format a person working in ``lang`` most likely wants: ``id`` for Bahasa Indonesia."""
    return "id" if lang == "id" else "plain"


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def _decimal(value: float, comma: bool) -> str:
    text = repr(float(value))
    if "e" in text or "n" in text:  # 1e-05, inf, nan: never in a score, but never scientific either
        text = f"{float(value):.6f}"
    return text.replace(".", ",") if comma else text


def _clock(seconds: float) -> str:
    m, s = divmod(round(max(0.0, seconds)), 60)
    return f"{m}:{s:02d}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _feedback(store: Any, attempt_id: int, comma: bool) -> tuple[str, str]:
    """The attempt's comments (``[0:12] Tia: Bagus.``) and overrides (``pace 75: reason (Tia)``), each one cell."""
    comments = [f"{f'[{_clock(c.at_s)}] ' if c.at_s is not None else ''}{_one_line(c.author_name)}: "
                f"{_one_line(c.text)}" for c in store.comments(attempt_id)]
    reasons = [f"{o.dimension} {_decimal(o.score, comma).removesuffix(',0').removesuffix('.0')}: "
               f"{_one_line(o.reason)} ({_one_line(o.author_name)})"
               for o in store.overrides(attempt_id, newest_only=True)]
    return _JOIN.join(comments), _JOIN.join(reasons)


def _rows(store: Any, cohort: Cohort, flt: AttemptFilter | None, comma: bool) -> Any:
    for row in store.iter_cohort_attempts(cohort.id, flt):
        values = {"cohort": cohort.code, "participant_id": row["person_id"], "participant": row["name"], **row}
        overridden = any(row.get(f"override_{d}") is not None for d in SCORE_DIMENSIONS)
        if row.get("comment_count") or overridden:
            values["comments"], values["override_reasons"] = _feedback(store, row["attempt_id"], comma)
        yield values


def _header(fmt: str, tz: tzinfo) -> list[str]:
    return [f"created_at ({zone_label(tz)})" if c == "created_at" and fmt == "id" else c for c in CSV_COLUMNS]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _id_cell(value: Any) -> str:
    """A cell of the ``id`` format: numbers bare with a decimal comma, text quoted (a ";" never splits it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _decimal(value, comma=True)
    return _quoted(str(_safe_cell(value)))


def write_cohort_csv(store: Any, cohort: Cohort, target: IO[str] | Path, flt: AttemptFilter | None = None, *,
                     fmt: str = "plain", tz: tzinfo | None = None) -> int:
    """One row per attempt of the cohort's participants (columns: :data:`CSV_COLUMNS`) in ``fmt``
    (``id`` or ``plain``; ``tz``: the zone of the ``id`` format's times, default Asia/Jakarta);
    returns the row count."""
    if fmt not in CSV_FORMATS:
        raise StoreError(f"Unknown CSV format {fmt!r}: choose {' or '.join(CSV_FORMATS)}.")
    if isinstance(target, Path):
        try:
            with open(target, "w", encoding="utf-8-sig", newline="") as f:
                return write_cohort_csv(store, cohort, f, flt, fmt=fmt, tz=tz)
        except OSError as e:
            raise StoreError(f"Cannot write {target}: {e.strerror}. Choose another file name or folder.") from e
    tz = tz or zone()
    n = 0
    if fmt == "plain":
        writer = csv.writer(target, quoting=csv.QUOTE_NONNUMERIC)  # every text cell quoted: a ";" never splits one
        writer.writerow(CSV_COLUMNS)
        for values in _rows(store, cohort, flt, comma=False):
            values["created_at"] = values["created_at"].isoformat(timespec="seconds")
            writer.writerow([_safe_cell(values.get(c)) if values.get(c) is not None else "" for c in CSV_COLUMNS])
            n += 1
        return n
    target.write(";".join(_quoted(h) for h in _header(fmt, tz)) + "\r\n")
    for values in _rows(store, cohort, flt, comma=True):
        values["created_at"] = f"{local(values['created_at'], tz):%Y-%m-%d %H:%M:%S}"
        target.write(";".join(_id_cell(values.get(c)) for c in CSV_COLUMNS) + "\r\n")
        n += 1
    return n


def cohort_csv_bytes(store: Any, cohort: Cohort, flt: AttemptFilter | None = None, *, fmt: str = "plain",
                     tz: tzinfo | None = None) -> bytes:
    """The CSV as bytes (for a download button)."""
    buffer = io.StringIO()
    write_cohort_csv(store, cohort, buffer, flt, fmt=fmt, tz=tz)
    return buffer.getvalue().encode("utf-8-sig")
