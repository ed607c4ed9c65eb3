"""What the app shows of a press release check: an uploaded file's text, and the findings marked on
the text as escaped HTML.

Findings may overlap (a lead that lacks two elements is marked twice; an acronym sits inside a
long sentence), so the text is cut at every finding's start and end and each piece is wrapped
once, in a ``<mark>`` whose ``title`` lists every finding covering it and whose class is the most
severe of them. Every piece of the text and every message is escaped: the text is the user's.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from typing import Any

from ..errors import PressReleaseError

__all__ = ["decode_press_release", "marked_html"]

_RANK = {"warning": 1, "error": 2}


def decode_press_release(data: bytes, *, name: str = "") -> str:
    """The text of an uploaded press release (UTF-8 plain text, BOM allowed).

    Raises :class:`~coach.errors.PressReleaseError` for a file that is not plain text or is empty.
    """
    where = name or "The file"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PressReleaseError(f"{where} is not UTF-8 plain text (a .docx or .pdf?). Save it as .txt.") from e
    if "\x00" in text or not text.strip():
        raise PressReleaseError(f"{where} is {'not plain text' if text.strip() else 'empty'}. Save the release as .txt.")
    return text


def finding_numbers(findings: Sequence[Any]) -> dict[int, int]:
    """Index in ``findings`` -> the number shown beside its marked passage (1, 2, …; only findings with a span)."""
    spanned = [i for i, f in enumerate(findings) if f.start_char is not None and f.end_char is not None
               and int(f.end_char) > int(f.start_char)]
    return {i: n for n, i in enumerate(spanned, start=1)}


def marked_html(text: str, findings: Sequence[Any], *, numbered: bool = False) -> str:
    """``text`` as HTML with each finding's span (``start_char``–``end_char``, end exclusive) in a ``<mark>``.

    Findings without a span (about the whole text) are not marked. A mark's class is
    ``wicara-error`` or ``wicara-warning``; its ``title`` holds the messages, one per line.
    Line breaks become ``<br>``, so the HTML is a single line: a Markdown renderer ends an HTML
    block at a blank line and would read the rest of the text as Markdown ("###" a heading).
    ``numbered``: each marked passage ends with its finding's number (:func:`finding_numbers`) in a
    ``<sup class="wicara-ref">``, so the finding is found in the numbered list without hovering (phones).
    """
    spans = [(max(0, int(f.start_char)), min(len(text), int(f.end_char)), f) for f in findings
             if f.start_char is not None and f.end_char is not None and int(f.end_char) > int(f.start_char)]
    numbers = finding_numbers(findings)
    cuts = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        piece = html.escape(text[a:b])
        covering = [f for s, e, f in spans if s <= a and b <= e]
        if covering:
            worst = max(covering, key=lambda f: _RANK.get(f.severity, 0))
            title = html.escape("\n".join(dict.fromkeys(f.message for f in covering)), quote=True).replace("\n", "&#10;")
            severity = "error" if worst.severity == "error" else "warning"
            piece = f'<mark class="wicara-{severity}" title="{title}">{piece}</mark>'
        parts.append(piece.replace("\r\n", "\n").replace("\n", "<br>"))
        if numbered and (ending := [n for i, n in numbers.items() if min(len(text), int(findings[i].end_char)) == b]):
            parts.append(f'<sup class="wicara-ref">{",".join(map(str, ending))}</sup>')
    return "".join(parts)
