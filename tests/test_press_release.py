"""Press release checker: ADIKSIMBA in the lead, inverted pyramid, quote, contact, acronyms, sentences;
the `wicara press-release` command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from coach.cli import main
from coach.media.press_release import (
    PressReleaseError,
    check_press_release,
    line_col,
    read_press_release,
)

HEAD = "SIARAN PERS\n\nDiskominfo Kota Malang Luncurkan Layanan Pengaduan Warga Daring\n\n"
LEAD = ("MALANG – Dinas Komunikasi dan Informatika (Diskominfo) Kota Malang meluncurkan layanan pengaduan "
        "warga daring pada Senin (3/3/2025) di Balai Kota Malang agar warga dapat melapor tanpa datang ke "
        "kantor, melalui aplikasi Lapor Malang.")
BODY = ("Melalui aplikasi ini, warga dapat melaporkan jalan rusak, lampu jalan yang padam, dan sampah yang "
        "menumpuk. Setiap laporan akan ditanggapi paling lambat dalam tiga hari kerja.")
QUOTE = ("“Warga tidak perlu lagi antre di kantor kelurahan. Cukup kirim laporan dari rumah, dan petugas kami "
         "akan menindaklanjutinya,” kata Kepala Diskominfo Kota Malang, Budi Santoso.")
MORE = ("Aplikasi dapat diunduh gratis di Play Store dan App Store. Warga yang tidak memiliki ponsel pintar "
        "dapat melapor melalui kantor kelurahan terdekat.")
TAIL = ("###\n\nNarahubung:\nRina Wulandari (Humas Diskominfo Kota Malang)\nTelepon: 0812-3456-7890\n"
        "Surel: humas@malangkota.go.id\n")
COMPLETE_ID = "\n\n".join([HEAD + LEAD, BODY, QUOTE, MORE, TAIL])
# The same release without its date ("pada Senin (3/3/2025)", and no dateline) and without the quote.
LEAD_NO_WHEN = LEAD.replace("MALANG – ", "").replace(" pada Senin (3/3/2025)", "")
NO_WHEN_NO_QUOTE = "\n\n".join([HEAD + LEAD_NO_WHEN, BODY, MORE, TAIL])

COMPLETE_EN = """PRESS RELEASE
For immediate release

Riverside Opens Free Vaccination Clinics for Children

RIVERSIDE, 3 March 2025 – The Riverside City Health Office will open free vaccination clinics for children at \
the Central Library on Monday to protect families against measles, through walk-in sessions with no \
appointment needed.

Every public clinic in the city will also be open from eight in the morning until four in the afternoon \
during the vaccination week. Parents only need to bring their child's vaccination book.

"Measles spreads quickly, and vaccination is the best way to keep our children safe. We made it free and \
simple so that every family can take part," said Dr Maria Lopez, Director of the City Health Office.

Residents can find their nearest clinic on the city website.

###

Media contact: Sam Taylor, Press Office, +1 555 0100 2233, press@riverside.gov
"""


def check(text: str, guidelines, lang: str = "id"):
    return check_press_release(text, lang=lang, guidelines=guidelines)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_missing_when_and_quote_give_exactly_those_two_findings(guidelines):
    r = check(NO_WHEN_NO_QUOTE, guidelines)
    assert codes(r) == ["lead_missing_when", "missing_quote"]
    when, quote = r.findings
    assert when.severity == quote.severity == "error"
    assert when.message == "Teras berita belum memuat unsur “kapan”."
    # the lead finding marks the lead paragraph: line 5, column 1 (after label and title)
    start = NO_WHEN_NO_QUOTE.index("Dinas Komunikasi")
    assert (when.start_char, when.end_char, when.line, when.column) == (start, start + len(LEAD_NO_WHEN), 5, 1)
    assert (quote.start_char, quote.line) == (None, None)  # the whole text lacks it
    assert [e.name for e in r.elements if not e.in_lead] == ["when"]
    assert (r.has_quote, r.contact is not None, r.dateline) == (False, True, None)
    assert r.score == pytest.approx(100 * 10 / 12)


def test_complete_indonesian_release_has_no_findings(guidelines):
    r = check(COMPLETE_ID, guidelines)
    assert r.findings == ()
    assert r.score == 100.0 and r.pyramid_ok
    assert (r.dateline, r.lead_words, r.lead_words_max) == ("MALANG –", 31, 45)
    assert {e.name: e.evidence for e in r.elements} == {
        "what": "meluncurkan", "where": "MALANG", "when": "Senin", "who": "Dinas Komunikasi",
        "why": "agar", "how": "melalui",
    }
    assert [e.label for e in r.elements] == ["apa", "di mana", "kapan", "siapa", "mengapa", "bagaimana"]
    (q,) = r.quotes
    assert q.attributed and not q.in_lead and q.text.startswith("Warga tidak perlu")
    assert COMPLETE_ID[q.start_char] == "“" and COMPLETE_ID[q.end_char - 1] == "”"
    assert r.contact.startswith("Narahubung:") and "0812-3456-7890" in r.contact
    # "Dinas Komunikasi dan Informatika (Diskominfo)" spells it out at first use
    assert (r.unexplained_acronyms, r.expanded_acronyms) == ((), ("Diskominfo",))


def test_complete_english_release_has_no_findings_and_auto_picks_english(guidelines):
    r = check(COMPLETE_EN, guidelines, lang="auto")
    assert r.language == "en" and r.findings == ()
    assert (r.dateline, r.lead_words, r.lead_words_max) == ("RIVERSIDE, 3 March 2025 –", 30, 35)
    assert {e.name: e.evidence for e in r.elements} == {
        "what": "will", "where": "RIVERSIDE", "when": "3 March 2025", "who": "City Health Office",
        "why": "to protect", "how": "through",
    }
    assert r.quotes[0].attributed and r.contact.startswith("Media contact")
    assert check(COMPLETE_ID, guidelines, lang="auto").language == "id"


def test_element_found_only_after_the_lead_names_its_paragraph(guidelines):
    lead = LEAD_NO_WHEN
    body = "Layanan ini mulai berlaku pada Senin (3/3/2025). " + BODY
    r = check("\n\n".join([HEAD + lead, body, QUOTE, MORE, TAIL]), guidelines)
    assert codes(r) == ["lead_missing_when"]
    when = next(e for e in r.elements if e.name == "when")
    assert (when.in_lead, when.paragraph, when.evidence) == (False, 1, "Senin")
    assert r.findings[0].message == "Teras berita belum memuat unsur “kapan” (baru muncul di paragraf 2: pindahkan ke teras)."
    assert not r.pyramid_ok


def test_quote_in_the_lead_and_a_quote_without_attribution(guidelines):
    lead = LEAD[:-1] + ", “agar warga tidak perlu antre lagi di kantor”."
    unattributed = "“Kami ingin semua laporan warga ditanggapi dengan cepat dan tepat.”"
    r = check("\n\n".join([HEAD + lead, BODY, unattributed, MORE, TAIL]), guidelines)
    assert codes(r) == ["quote_without_attribution", "quote_in_lead", "quote_without_attribution"]
    assert [(q.in_lead, q.attributed) for q in r.quotes] == [(True, False), (False, False)]
    assert not r.pyramid_ok and r.has_quote and not r.quote_attributed


@pytest.mark.parametrize("quote", [
    # the verb with -nya refers back: the previous sentence names the speaker
    "Hal itu disampaikan Kepala Diskominfo Kota Malang, Budi Santoso. “Warga tidak perlu lagi antre di kantor,” ujarnya.",
    "Budi Santoso mengatakan, “Warga tidak perlu lagi antre di kantor kelurahan.”",
    "Menurut Budi, “warga tidak perlu lagi antre di kantor kelurahan.”",
])
def test_attribution_before_after_and_by_reference(guidelines, quote):
    r = check("\n\n".join([HEAD + LEAD, BODY, quote, TAIL]), guidelines)
    assert r.findings == () and r.quotes[0].attributed


def test_acronym_long_sentence_and_long_lead_are_marked_where_they_are(guidelines):
    body = BODY + " Seluruh OPD wajib menindaklanjuti laporan."
    long_sentence = " ".join(["Warga"] + ["dapat melapor dari rumah"] * 9) + "."  # 37 words > 35
    lead = LEAD[:-1] + " dan nomor WhatsApp resmi yang dibuka setiap hari kerja bagi seluruh warga kota sejak pagi."
    text = "\n\n".join([HEAD + lead, body, long_sentence, QUOTE, TAIL])
    r = check(text, guidelines)
    assert codes(r) == ["lead_too_long", "unexplained_acronym", "long_sentence"]
    lead_f, acronym, sentence = r.findings
    assert r.lead_words == 46 and lead_f.message == "Teras berita 46 kata; paling banyak 45 kata."
    assert text[acronym.start_char:acronym.end_char] == "OPD" and r.unexplained_acronyms == ("OPD",)
    assert acronym.message == "Singkatan “OPD” tidak dijelaskan saat pertama disebut."
    assert text[sentence.start_char:sentence.end_char] == long_sentence
    assert (r.sentence_words_longest, r.long_sentences) == (37, 1)
    assert (acronym.line, acronym.column) == line_col(text, acronym.start_char)


def test_contact_without_phone_or_email_and_no_contact(guidelines):
    no_number = "###\n\nNarahubung: Rina Wulandari, Humas Diskominfo Kota Malang"
    r = check("\n\n".join([HEAD + LEAD, BODY, QUOTE, no_number]), guidelines)
    assert codes(r) == ["contact_incomplete"] and r.contact is None
    r = check("\n\n".join([HEAD + LEAD, BODY, QUOTE]), guidelines)
    assert codes(r) == ["missing_contact"] and r.findings[0].start_char is None


def test_lines_without_blank_lines_are_paragraphs(guidelines):
    text = f"{LEAD}\n{BODY}\n{QUOTE}\nNarahubung: Rina (0812-3456-7890)"
    r = check(text, guidelines)
    assert r.findings == () and r.lead == LEAD


def test_english_missing_elements_speak_english(guidelines):
    text = COMPLETE_EN.replace(" on Monday", "").replace("RIVERSIDE, 3 March 2025 – ", "")
    r = check(text, guidelines, lang="en")
    assert codes(r) == ["lead_missing_when"]
    assert r.findings[0].message == "The lead does not say when."


def test_unreadable_files_raise_one_clear_error(tmp_path):
    with pytest.raises(PressReleaseError, match="No such file"):
        read_press_release(tmp_path / "missing.txt")
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(PressReleaseError, match="not plain text"):
        read_press_release(tmp_path / "a.docx")
    (tmp_path / "latin.txt").write_bytes("Siaran pers caf\xe9".encode("latin-1"))
    with pytest.raises(PressReleaseError, match="not UTF-8"):
        read_press_release(tmp_path / "latin.txt")
    (tmp_path / "empty.txt").write_text("  \n")
    with pytest.raises(PressReleaseError, match="empty"):
        read_press_release(tmp_path / "empty.txt")


# ----------------------------------------------------------------------------- command line


def test_cli_prints_findings_with_line_column_and_marked_snippet(tmp_path):
    path = tmp_path / "rilis.txt"
    path.write_text(NO_WHEN_NO_QUOTE, encoding="utf-8")
    result = CliRunner().invoke(main, ["press-release", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Press release (id): 2 finding(s), 2 error(s); score 83/100"
    assert "kapan ✗" in lines[1] and "apa ✓" in lines[1]
    assert lines[2] == "5:1 error [lead_missing_when] Teras berita belum memuat unsur “kapan”."
    assert lines[3].startswith("    »Dinas Komunikasi dan Informatika") and lines[3].endswith("…«")
    assert lines[4].startswith("(whole text) error [missing_quote]")


def test_cli_json(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text(COMPLETE_EN, encoding="utf-8")
    result = CliRunner().invoke(main, ["press-release", str(path), "--json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["language"] == "en" and out["findings"] == [] and out["score"] == 100.0
    assert [e["name"] for e in out["elements"]] == ["what", "where", "when", "who", "why", "how"]


@pytest.mark.parametrize("make", ["missing", "directory", "binary"])
def test_cli_bad_file_is_one_line_and_exit_1(tmp_path, make):
    path = {"missing": tmp_path / "none.txt", "directory": tmp_path, "binary": tmp_path / "x.txt"}[make]
    if make == "binary":
        path.write_bytes(b"\x00\x01\x02")
    result = CliRunner().invoke(main, ["press-release", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
