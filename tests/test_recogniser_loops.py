"""Recogniser loops: where Whisper wrote one phrase over and over, the report warns and leaves those
words out of what was said (no repetition, filler or repeated phrase is counted in them). Known answers
from Whisper base's recorded transcripts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from coach.analysis.fillers import analyse_fillers
from coach.i18n import t
from coach.lang.loops import is_loop, loop_spans, parts, split_loops
from coach.report.pipeline import TEXT_DIMENSIONS, SessionReport, analyse
from coach.types import Segment, Transcript, Word
from conftest import misheard_answer, sample

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "benchmarks" / "data" / "real"
sys.path.insert(0, str(ROOT / "benchmarks"))

RULE = {"min_repeats": 3, "max_unit": 4, "min_parts": 6}  # the shipped transcription.loop_* values


def _texts(transcript: Transcript) -> list[str]:
    return [w.text for w in transcript.words]


def _spoken(text: str, start: float = 0.0, step: float = 0.3) -> tuple[Word, ...]:
    return tuple(Word(t, round(start + step * k, 2), round(start + step * k + 0.25, 2), 0.9)
                 for k, t in enumerate(text.split()))


def test_the_rule_is_the_shipped_guidelines(guidelines):
    assert {k: int(guidelines.value(f"transcription.loop_{n}")) for k, n in
            (("min_repeats", "min_repeats"), ("max_unit", "max_unit_parts"), ("min_parts", "min_parts"))} == RULE


def test_parts_split_hyphens_and_full_stops():
    assert parts(["Khantua-Tasam-Du-Du,", "S.M.K."]) == [("khantua", 0), ("tasam", 0), ("du", 0), ("du", 0),
                                                        ("s", 1), ("m", 1), ("k", 1)]


def test_recorded_loops_are_found_where_whisper_wrote_them():
    # 5 dB SNR: "... O Khantua -Tasam -Du -Du -Du ... -Du." and "Zatak Sultat dan" three times
    du = _texts(misheard_answer("messages", "km_id_07_lead", "snr5_int8"))
    (a, b), = loop_spans(du, **RULE)
    assert du[a - 1:a + 1] == ["-Tasam", "-Du"] and b == len(du) and set(du[a:b]) == {"-Du", "-Du."}
    zatak = _texts(misheard_answer("messages", "km_id_01_lead", "snr5_int8"))
    (a, b), = loop_spans(zatak, **RULE)
    assert " ".join(zatak[a:b]) == "Zatak Sultat dan Zatak Sultat dan Zatak Sultat dan Zatak Sultat."
    # clean synthetic speech: "Sampai hari ini tidakkan naik naik naik naik naik naik naik"
    naik = _texts(misheard_answer("negatives", "neg_id_15", "clean_int8"))
    assert [naik[a:b] for a, b in loop_spans(naik, **RULE)] == [["naik"] * 7]


def test_a_speakers_own_repetitions_are_no_loop():
    for said in ("saya saya akan mulai", "the the the budget", "terima kasih, terima kasih semuanya",
                 "masing-masing warga, anak-anak dan orang tua", "Rp 1.000.000.000 untuk desa"):
        assert loop_spans(said.split(), **RULE) == [], said


def test_clean_recorded_transcripts_hold_no_loop(recorded_transcript):
    for name in ("id_clean", "en_clean", "id_fillers", "en_fillers"):
        assert loop_spans(_texts(recorded_transcript(name)), **RULE) == [], name


def test_a_short_listen_that_repeats_itself_is_a_loop():
    assert is_loop([], max_distinct_share=0.5)
    assert is_loop(["____________", "..."], max_distinct_share=0.5)  # recorded (generated test listen): no word
    assert is_loop(["Terima", "kasih.", "Terima", "kasih."], max_distinct_share=0.5)
    assert not is_loop(["Terima", "kasih.", "Terima", "kasih."], max_distinct_share=0.4)
    assert not is_loop(["Sistem", "peringatan,", "eh,", "langsung"], max_distinct_share=0.5)


def test_the_words_of_a_loop_leave_what_was_said_and_nothing_in_them_counts(guidelines):
    first = _spoken("We open a service.", start=0.5)
    loop = _spoken("Too too too too too too too, uh, uh, uh, uh, uh, uh.", start=2.0)
    last = _spoken("Thank you.", start=7.0)
    transcript = Transcript("en", 8.0, tuple(Segment(" ".join(w.text for w in ws), ws[0].start, ws[-1].end, ws)
                                             for ws in (first, loop, last)))
    said, loops = split_loops(transcript, **RULE)
    assert loops == ((loop[0].start, loop[6].end), (loop[7].start, loop[-1].end))  # "too" x7, "uh" x6
    assert said.text == "We open a service. Thank you." and said.segments[1].start == 7.0
    assert analyse_fillers(transcript, lang="en", guidelines=guidelines).count == 12  # 6 repetitions, 6 "uh"
    assert analyse_fillers(said, lang="en", guidelines=guidelines).count == 0
    # nothing looped: the very same transcript comes back
    assert split_loops(Transcript("en", 8.0, (Segment("We open a service.", 0.5, 1.7, first),)), **RULE)[1] == ()


def test_a_loop_part_way_through_a_segment_keeps_the_rest_of_it():
    words = _spoken("Kami mulai. Terima kasih. Terima kasih. Terima kasih. Silakan bertanya.")
    transcript = Transcript("id", 5.0, (Segment(" ".join(w.text for w in words), 0.0, words[-1].end, words),))
    said, loops = split_loops(transcript, **RULE)
    assert said.text == "Kami mulai. Silakan bertanya." and [w.text for w in said.words] == [
        "Kami", "mulai.", "Silakan", "bertanya."]
    assert loops == ((words[2].start, words[7].end),)


def test_the_report_warns_where_the_recogniser_looped(settings, guidelines):
    # Real speech (MFA, MIT): "montreal montreal forced aligner aligner", which Whisper base wrote as
    # "4th, 4th, a line, a line, a line, a line, a line, a line" (recorded transcript, replayed).
    from transcript_cache import CachedTranscriber

    clip = REAL / "mfa_cutoff.flac"
    report = analyse(clip, settings=settings, lang="en", guidelines=guidelines,
                     transcriber=CachedTranscriber(None, clip, replay_only=True))
    loops = [n for n in report.warnings if n.code == "recogniser_loop"]
    assert len(loops) == 1
    inside = [w.text for w in report.transcript.words if loops[0].start_s <= w.start and w.end <= loops[0].end_s]
    assert [w.strip(",.").lower() for w in inside] == ["a", "line"] * 6
    # "4th, 4th" before it ("aligner aligner", said twice) still counts; nothing in the loop does
    assert [e.text for e in report.fillers.events] == ["4th 4th"]
    assert report.clarity.repeated_phrases == ()  # from the whole transcript: "a line a line", ×3 and ×4
    assert report.transcript.text.endswith("a line, a line")  # the report still shows what Whisper wrote
    data = json.loads(json.dumps(report.to_dict()))
    assert any(n["code"] == "recogniser_loop" for n in data["warnings"])
    # What was said, as the analyses read it, and as a saved report gives it back (doorstop answers, scripts)
    assert report.said.text == "Montreal, Montreal, 4th, 4th,"
    assert SessionReport.from_dict(data).said.text == report.said.text
    # a moment on the timeline, to replay what the recogniser could not make out, named in both languages
    assert [(e.start, e.end) for e in report.timeline if e.kind == "recogniser_loop"] == [(loops[0].start_s,
                                                                                          loops[0].end_s)]
    assert t("kind_recogniser_loop", "id") == "pengenal suara mengulang-ulang"
    assert t("kind_recogniser_loop", "en") == "recogniser loop"
    # the app's transcript greys the loop's words out, and only those
    from app_pages.report_view import transcript_html

    page = transcript_html(report)
    assert page.count('class="wicara-loop"') == 12 and 'data-t="0.00">Montreal,</span>' in page


class _OnlyALoop:
    """A recogniser that heard the clip as nothing but "Terima kasih." six times."""

    name = "fake"

    def language_probabilities(self, samples):
        return {"id": 1.0}

    def transcribe(self, samples, *, language, progress=None):
        words = _spoken("Terima kasih. " * 6, start=0.6)
        return (Segment(" ".join(w.text for w in words), words[0].start, words[-1].end, words),)


def test_a_transcript_that_is_only_a_loop_is_not_scored_on_its_words(settings, guidelines):
    report = analyse(sample("id_clean")[0], settings=settings, lang="id", transcriber=_OnlyALoop(),
                     guidelines=guidelines)
    assert {"no_words", "recogniser_loop"} <= {n.code for n in report.warnings}
    assert all(report.scores[d] is None for d in TEXT_DIMENSIONS)
    assert report.scores["pauses"] is not None and report.scores["overall"] is not None
    assert report.said.words == () and len(report.transcript.words) == 12
