"""Indonesian reduplication (kata ulang) and sentence boundaries are not repetitions; real repetitions are."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coach.analysis.fillers import analyse_fillers, find_transcript_fillers
from coach.analysis.pauses import analyse_pauses
from coach.analysis.prosody import pitch_track
from coach.audio import load_audio
from coach.lang.reduplication import is_reduplication
from coach.types import Segment, Transcript, Word

from conftest import fake_transcript, words_from_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _recorded(name: str) -> Transcript:
    """A transcript the real model once produced (tests/fixtures/transcripts), read back."""
    return Transcript.from_dict(json.loads((FIXTURES / "transcripts" / f"{name}.json").read_text(encoding="utf-8")))


def _kinds(transcript, guidelines, **kw):
    events = find_transcript_fillers(transcript, lang=transcript.language, guidelines=guidelines, **kw)
    return [e.text for e in events]


@pytest.mark.parametrize(
    ("first", "second", "hyphen", "expected"),
    [
        ("rata", "rata", False, True),
        ("masing", "masing", True, True),
        ("anak", "anak", False, True),
        ("sehari", "hari", False, True),
        ("bermacam", "macam", False, True),
        ("sebaik", "baiknya", False, True),
        ("kemerah", "merahan", False, True),
        ("anak", "anaknya", False, True),
        ("saya", "saya", False, False),
        ("yang", "yang", False, False),
        ("mem", "membangun", True, False),
        ("pem", "pembangunan", True, False),
        ("warga", "kota", False, False),
    ],
)
def test_is_reduplication_known_answers(first, second, hyphen, expected):
    assert is_reduplication(first, second, lang="id", hyphen=hyphen) is expected


def test_english_has_no_reduplication():
    assert not is_reduplication("the", "the", lang="en")


def test_whisper_spellings_of_kata_ulang_are_not_repetitions(guidelines):
    # The spellings the issue saw from Whisper: no hyphen, a detached hyphen on either side.
    text = ("Masing -masing warga, anak anak dan orang tua, rata rata menerima bantuan. "
            "Kegiatan sehari -hari berjalan, layanan bermacam- macam kami siapkan sebaik -baiknya.")
    t = fake_transcript(words_from_text(text, gap_s=0.05))
    r = analyse_fillers(t, lang="id", guidelines=guidelines)
    assert (r.repetitions, r.restarts, r.count) == (0, 0, 0)


def test_real_repetitions_and_restarts_are_kept(guidelines):
    t = fake_transcript(words_from_text("Saya saya ingin mem- membangun jalan yang yang baru.", gap_s=0.05))
    r = analyse_fillers(t, lang="id", guidelines=guidelines)
    assert (r.repetitions, r.restarts) == (2, 1)
    en = fake_transcript(words_from_text("We opened the the clinic today.", gap_s=0.05), language="en")
    assert analyse_fillers(en, lang="en", guidelines=guidelines).repetitions == 1


def test_content_word_repeated_after_a_pause_is_a_repetition(guidelines):
    # Kata ulang is one word said in one breath; "pembangunan … pembangunan" with a pause is a restart of
    # the phrase (same pitch on both sides: no new sentence).
    words = words_from_text("Program pembangunan pembangunan jalan dimulai.", gap_s=0.05, pauses={1: 0.6})
    t = fake_transcript(words)
    flat = (np.arange(0, 5, 0.01), np.full(500, 120.0))
    assert analyse_fillers(t, lang="id", guidelines=guidelines, pitch=flat).repetitions == 1


def test_word_across_an_unpunctuated_sentence_boundary(guidelines):
    # "…andalan kami Kami menyediakan…" with the full stop dropped, 0.5 s pause between.
    words = words_from_text("ikan adalah andalan kami kami menyediakan tempat bersih", gap_s=0.05, pauses={3: 0.5})
    t = Transcript("id", 6.0, (Segment("", 0.0, 5.0, tuple(Word(w, s, e, 0.9) for w, s, e in words)),))
    times = np.arange(0, 6, 0.01)
    gap_start, gap_end = words[3][2], words[4][1]
    falling_then_reset = np.where(times < gap_start, 85.0, np.where(times >= gap_end, 120.0, np.nan))
    same_height = np.where((times < gap_start) | (times >= gap_end), 110.0, np.nan)
    assert _kinds(t, guidelines, pitch=(times, falling_then_reset)) == []          # 6 semitones up: new sentence
    assert _kinds(t, guidelines, pitch=(times, same_height)) == ["kami kami"]       # hesitation: repetition
    no_pause = fake_transcript(words_from_text("andalan kami kami menyediakan", gap_s=0.05))
    assert _kinds(no_pause, guidelines, pitch=(times, falling_then_reset)) == ["kami kami"]


def test_segment_boundary_is_a_sentence_break(guidelines):
    seg1 = (Word("andalan", 0.0, 0.4, 0.9), Word("kami", 0.45, 0.8, 0.9))
    seg2 = (Word("kami", 0.8, 1.1, 0.9), Word("menyediakan", 1.15, 1.6, 0.9))
    t = Transcript("id", 2.0, (Segment("", 0.0, 0.8, seg1), Segment("", 0.8, 1.6, seg2)))
    assert _kinds(t, guidelines) == []


def test_recorded_words_with_kata_ulang_give_no_repetition(guidelines):
    """Real model output on id_kata_ulang.wav: 'Rata -rata', 'Masing -masing', 'anak -anak', 'sehari -hari',
    'bermacham -macham', 'sebaik -baik', and a misheard 'tuan tuan' (itself a kata ulang)."""
    t = _recorded("id_kata_ulang")
    r = analyse_fillers(t, lang="id", guidelines=guidelines)
    assert (r.repetitions, r.restarts) == (0, 0)


def test_recorded_words_without_punctuation_keep_sentence_boundaries(guidelines):
    """The same recorded words with every full stop dropped and one segment: the pause and the
    pitch reset measured in the recording tell 'andalan kami. Kami menyediakan' apart."""
    rec = _recorded("id_kata_ulang")
    words = tuple(Word(w.text.rstrip(".,"), w.start, w.end, w.probability) for w in rec.words)
    t = Transcript("id", rec.duration_s, (Segment("", words[0].start, words[-1].end, words),))
    audio = load_audio(FIXTURES / "audio" / "id_kata_ulang.wav")
    pauses = analyse_pauses(audio.samples, sr=audio.sr, words=words, lang="id", guidelines=guidelines)
    spans = [(p.start, p.end) for p in pauses.events]
    pitch = pitch_track(audio.samples, sr=audio.sr, fmin_hz=60.0, fmax_hz=400.0)
    assert _kinds(t, guidelines) == ["kami kami"]  # without the signal, nothing tells the boundary
    r = analyse_fillers(t, lang="id", guidelines=guidelines, pause_spans=spans, pitch=pitch)
    assert (r.repetitions, r.restarts) == (0, 0)
