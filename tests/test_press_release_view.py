"""The press release findings marked on the text (overlaps, escaping) and uploaded text files."""

from __future__ import annotations

import pytest

from coach.errors import PressReleaseError
from coach.media.press_release import Finding
from coach.media.press_release_view import decode_press_release, finding_numbers, marked_html


def finding(start: int | None, end: int | None, severity: str, message: str) -> Finding:
    return Finding("code", message, start, end, severity)


def test_overlapping_findings_are_cut_into_pieces_each_marked_once():
    text = "abcdefghij"
    found = [finding(2, 6, "warning", "A"), finding(4, 8, "error", "B"), finding(None, None, "error", "whole")]
    assert marked_html(text, found) == (
        'ab<mark class="wicara-warning" title="A">cd</mark>'
        '<mark class="wicara-error" title="A&#10;B">ef</mark>'
        '<mark class="wicara-error" title="B">gh</mark>ij'
    )
    assert marked_html(text, []) == text
    # spans beyond the text are clipped; empty spans mark nothing
    assert marked_html("abc", [finding(1, 99, "warning", "x"), finding(2, 2, "error", "y")]) == (
        'a<mark class="wicara-warning" title="x">bc</mark>')


def test_numbered_marks_name_their_finding_without_hovering():
    text = "abcdefghij"
    found = [finding(None, None, "error", "whole"), finding(2, 6, "warning", "A"), finding(4, 8, "error", "B"),
             finding(7, 8, "warning", "C")]
    assert finding_numbers(found) == {1: 1, 2: 2, 3: 3}  # the whole-text finding has no passage, no number
    assert marked_html(text, found, numbered=True) == (
        'ab<mark class="wicara-warning" title="A">cd</mark>'
        '<mark class="wicara-error" title="A&#10;B">ef</mark><sup class="wicara-ref">1</sup>'
        '<mark class="wicara-error" title="B">g</mark>'
        '<mark class="wicara-error" title="B&#10;C">h</mark><sup class="wicara-ref">2,3</sup>ij'
    )


def test_line_breaks_become_br_so_the_html_is_one_line():
    text = "SIARAN PERS\n\n###\r\nNarahubung: *Rina*"
    assert marked_html(text, [finding(0, 13, "warning", "x")]) == (
        '<mark class="wicara-warning" title="x">SIARAN PERS<br><br></mark>###<br>Narahubung: *Rina*')


def test_text_and_messages_are_escaped():
    text = 'Kata "Bupati" <b>&</b>'
    out = marked_html(text, [finding(5, 13, "error", 'Pesan "dengan" <tanda>')])
    assert out == ('Kata <mark class="wicara-error" title="Pesan &quot;dengan&quot; &lt;tanda&gt;">'
                   '&quot;Bupati&quot;</mark> &lt;b&gt;&amp;&lt;/b&gt;')


def test_decode_uploaded_text():
    assert decode_press_release("\ufeffSIARAN PERS\n".encode()) == "SIARAN PERS\n"
    with pytest.raises(PressReleaseError, match="rilis.docx is not UTF-8 plain text"):
        decode_press_release(b"PK\x03\x04\xff\xfe", name="rilis.docx")
    with pytest.raises(PressReleaseError, match="is empty"):
        decode_press_release(b" \n\n")
    with pytest.raises(PressReleaseError, match="not plain text"):
        decode_press_release(b"teks\x00biner")
