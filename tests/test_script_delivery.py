"""Script delivery: coverage, omitted / added / substituted spans with times, and "sounds read"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import fake_transcript, words_from_text

from coach.media.exercises import get_exercise
from coach.media.script_delivery import Deviation, compare_to_script

SCRIPT = get_exercise("tanpa-membaca").script["id"]  # 26 words
# Word times from words_from_text: word k at 0.5·k s, 0.4 s long.
SAID = ("Mulai bulan depan eh perpustakaan buka sampai pukul sepuluh malam. Warga dapat meminjam buku gratis. "
        "Kami mengundang pelajar dan orang tua untuk datang ya sekali lagi.")


def compare(said: str, script: str = SCRIPT, **kw):
    return compare_to_script(fake_transcript(words_from_text(said)), script, lang="id", **kw)


def test_the_script_said_word_for_word():
    r = compare(SCRIPT)
    assert (r.script_words, r.said_words, r.matched_words, r.coverage) == (26, 26, 26, 1.0)
    assert r.deviations == () and r.verbatim and r.sounds_read is None  # no report: no delivery cues


def test_omitted_added_and_substituted_spans_with_times():
    r = compare(SAID)
    # "eh" is a filler, not an addition; 21 of 26 script words said as written
    assert (r.said_words, r.matched_words, r.omitted_words, r.added_words, r.substituted_words) == (25, 21, 4, 3, 1)
    assert r.coverage == pytest.approx(21 / 26) and not r.verbatim
    daerah, sembilan = SCRIPT.index("daerah"), SCRIPT.index("sembilan")
    memakai, end = SCRIPT.index("dan memakai"), len(SCRIPT)
    assert r.deviations == (
        Deviation("omitted", "daerah", "", 2.4, 2.5, daerah, daerah + 6),  # between "perpustakaan" and "buka"
        Deviation("substituted", "sembilan", "sepuluh", 4.0, 4.4, sembilan, sembilan + 8),
        Deviation("omitted", "dan memakai internet", "", 6.9, 7.0, memakai, memakai + 20),
        Deviation("added", "", "ya sekali lagi", 11.5, 12.9, end, end),  # inserted after the last word
    )


def test_misrecognised_words_still_count_as_said():
    script = "Petugas akan menindaklanjuti setiap laporan warga."
    r = compare("Petugas akan menindak lanjuti setiap laporan warga.", script)
    assert (r.matched_words, r.near_words, r.coverage, r.deviations) == (5, 1, 1.0, ())
    r = compare("Petugas akan membalas setiap laporan warga.", script)  # a different word
    assert r.near_words == 0 and [d.kind for d in r.deviations] == ["substituted"]


def test_an_omitted_opening_is_timed_at_the_first_word():
    r = compare("perpustakaan daerah buka sampai pukul sembilan malam.", "Mulai bulan depan, perpustakaan daerah "
                "buka sampai pukul sembilan malam.")
    assert r.deviations == (Deviation("omitted", "Mulai bulan depan,", "", 0.0, 0.0, 0, 18),)


def delivery(*, monotone: bool, pauses: int, fillers_per_100: float, pvq: float | None = 0.1):
    """What compare_to_script reads from a report: prosody, pauses and fillers."""
    return SimpleNamespace(prosody=SimpleNamespace(monotone=monotone, pvq=pvq),
                           pauses=SimpleNamespace(count=pauses), fillers=SimpleNamespace(per_100_words=fillers_per_100))


@pytest.mark.parametrize("report,read,cues", [
    # flat, 1 pause in 26 words (3.8 per 100 < 4), no fillers: all three cues
    (delivery(monotone=True, pauses=1, fillers_per_100=0.0), True, (True, True, True)),
    # lively pitch but few pauses and no fillers: two cues are enough
    (delivery(monotone=False, pauses=1, fillers_per_100=0.0), True, (False, True, True)),
    # lively, 3 pauses (11.5 per 100), 4 fillers per 100 words: sounds spoken
    (delivery(monotone=False, pauses=3, fillers_per_100=4.0), False, (False, False, False)),
    # pitch unknown (too little voiced speech): the other two still decide
    (delivery(monotone=False, pauses=1, fillers_per_100=0.5, pvq=None), True, (None, True, True)),
])
def test_sounds_read_needs_verbatim_delivery_and_two_cues(report, read, cues):
    r = compare(SCRIPT, report=report)
    assert r.sounds_read is read
    assert (r.cues["flat_pitch"], r.cues["few_pauses"], r.cues["few_fillers"]) == cues


def test_paraphrase_never_sounds_read():
    r = compare(SAID, report=delivery(monotone=True, pauses=0, fillers_per_100=0.0))
    assert r.cues == {"flat_pitch": True, "few_pauses": True, "few_fillers": True}
    assert r.sounds_read is False  # coverage 0.81 < 0.9
