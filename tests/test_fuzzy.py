"""Phrase matching that tolerates recognition errors (coach/lang/fuzzy.py), on misheard text and on
Whisper's own misheard transcripts of the sample clips (tests/fixtures/misheard/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.analysis.messages import analyse_messages
from coach.analysis.public import analyse_public
from coach.lang.fuzzy import find_phrases_fuzzy, letters, similarity, sounds, word_hits
from coach.lang.lexicon import tokenise
from coach.types import Segment, Transcript, Word
from conftest import fake_transcript, misheard_answer, words_from_text

MISHEARD = Path(__file__).parent / "fixtures" / "misheard"


def heard(text: str, lang: str = "id") -> Transcript:
    return fake_transcript(words_from_text(text), language=lang)


def misheard(clip: str, variant: str) -> Transcript:
    d = json.loads((MISHEARD / f"{clip}.{variant}.json").read_text())
    return Transcript(d["language"], d["duration_s"], tuple(
        Segment(s["text"], s["start"], s["end"], tuple(Word(w["text"], w["start"], w["end"], w["probability"])
                                                       for w in s["words"])) for s in d["segments"]))


def test_letters_and_similarity():
    assert letters("Di nakada-") == "dinakada"
    assert letters("Eeemm,") == "em"
    assert similarity("tidak ada komentar", "di nakada komentar") == pytest.approx(14 / 16)  # t→d, drop d, add n
    assert similarity("tidak ada komentar", "ada komentar") < 0.8  # a missing negation costs one edit a letter


def test_sounds_fold_what_whisper_confuses():
    assert sounds("Di nakada") == "tinakata" == sounds("tinakata")
    assert sounds("no comment") == sounds("no koment") == "nokoment"
    assert sounds("syarat khusus") == "saratkosos"
    assert sounds("cuman") == sounds("koman")  # o/u folded ("No, cuman" for "no komen")
    assert sounds("kami") != sounds("kamu") != sounds("kama")  # other vowels are not


def test_folding_is_asked_for():
    tokens = tokenise(heard("Soal itu, Dina kana komentar."))  # 2 of 16 sounds off, 3 of 16 letters
    phrases = [("tidak", "ada", "komentar")]
    assert find_phrases_fuzzy(tokens, phrases, min_similarity=0.85, exact_max_letters=4) == []
    assert len(find_phrases_fuzzy(tokens, phrases, min_similarity=0.85, exact_max_letters=4, fold=True)) == 1


def test_the_start_of_a_phrase_must_be_heard_too():
    """A long, well heard last word ("komentar") cannot carry a different start ("Tami harga")."""
    tokens = tokenise(heard("Tami harga komentar, Tami harga soalan."))
    phrases = [("tidak", "ada", "komentar")]
    assert find_phrases_fuzzy(tokens, phrases, min_similarity=0.6, exact_max_letters=4, fold=True)
    assert not find_phrases_fuzzy(tokens, phrases, min_similarity=0.6, exact_max_letters=4, fold=True,
                                  head_min_similarity=0.6)


def test_a_last_word_split_or_stretched_still_ends_the_phrase():
    """The phrase's last word is compared with the run's last n-2 to n+2 letters, not exactly n:
    "com nent" (7 letters) ends "we cannot comment" though its last 6 letters "omnent" do not match."""
    tokens = tokenise(heard("Thank you. we canlot com nent. What I can say.", "en"))
    found = find_phrases_fuzzy(tokens, [("we", "cannot", "comment")], min_similarity=0.7, exact_max_letters=4,
                               fold=True)
    assert [(m.start, m.stop) for m in found] == [(2, 6)]


def test_accept_sees_the_similarity_and_the_phrase():
    tokens = tokenise(heard("Soal itu, Dina kana komentar."))
    seen = []
    find_phrases_fuzzy(tokens, [("tidak", "ada", "komentar")], min_similarity=0.85, exact_max_letters=4, fold=True,
                       accept=lambda i, j, sim, phrase: seen.append((i, j, round(sim, 3), phrase)) or False)
    assert (2, 5, 0.875, ("tidak", "ada", "komentar")) in seen


def test_near_phrase_found_exact_short_words_not(guidelines):
    tokens = tokenise(heard("Layanan ini lebih muda untuk warga, kitab suci dibaca."))
    found = find_phrases_fuzzy(tokens, [("lebih", "mudah"), ("kita",)], min_similarity=0.8, exact_max_letters=4)
    assert [(m.phrase, m.start, m.stop) for m in found] == [("lebih mudah", 2, 4)]
    assert 0.8 <= found[0].similarity < 1.0


def test_a_similarity_exactly_at_the_threshold_matches():
    # "wadga" for "warga" (Whisper in an echoing room): one letter of five, similarity exactly 0.8.
    # rapidfuzz's cutoff, turned into a distance in floating point, once let nothing at exactly 0.8 through.
    tokens = tokenise(heard("Selamat pagi, wadga kota Malang."))
    assert [(m.phrase, m.similarity) for m in find_phrases_fuzzy(
        tokens, [("warga",)], min_similarity=0.8, exact_max_letters=4)] == [("warga", 0.8)]
    assert find_phrases_fuzzy(tokens, [("warga",)], min_similarity=0.81, exact_max_letters=4) == []


def test_a_shared_long_word_does_not_carry_another_phrase():
    tokens = tokenise(heard("Masyarakat adalah tujuan kami."))
    assert find_phrases_fuzzy(tokens, [("masyarakat", "dapat")], min_similarity=0.8, exact_max_letters=4) == []


@pytest.mark.parametrize(
    "text",
    ["Terima kasih. Di nakada komentar. Silakan tanyakan langsung ke bagian pukum.",  # issue 12's mishearing
     "Terima kasih hatas pertanyaannya. Dina kana komentar. Yang bisa saya sampaikan.",
     "Soal itu, tidakana komentar, kami fokus pada warga."],
)
def test_misheard_no_comment_is_found(guidelines, text):
    assert analyse_public(heard(text), lang="id", guidelines=guidelines).no_comment is True


@pytest.mark.parametrize(
    "text", ["Ada komentar.", "Tidak ada kendala.", "Apa ada komentar dari warga?", "Tadi ada komentar dari warga.",
             "Kami menerima banyak komentar dari masyarakat.", "Tidak ada biaya tambahan untuk warga."],
)
def test_near_misses_are_not_no_comment(guidelines, text):
    assert analyse_public(heard(text), lang="id", guidelines=guidelines).no_comment is False


def test_whisper_mishearings_of_no_comment_are_found(guidelines):
    """The clip 'Tidak ada komentar.' decoded under 8 conditions; the two hardest (0 dB noise,
    telephone band) are heard as "di atas-arakomenta" and "Sina kata-kata komentar"."""
    found = {v: analyse_public(misheard("id_doorstop_nocomment", v), lang="id", guidelines=guidelines).no_comment
             for v in ("int8", "float32", "beam1", "avx2", "snr10", "snr5")}
    assert all(found.values()), found


def test_issue_example_key_message_first_ranks_above_buried(guidelines):
    key = ["Layanan perizinan keliling gratis untuk pelaku usaha mikro"]
    rest = "Tim kami hadir setiap hari Senin di pasar. Pendaftaran dibuka sampai akhir bulan. Kami terus memantau."
    lead = heard("Lianan perilinan keliling rati sumtuk perakusaha mikro. " + rest)
    buried = heard(rest + " Lianan perilinan keliling rati sumtuk perakusaha mikro.")
    a = analyse_messages(lead, key_messages=key, lang="id", guidelines=guidelines)
    b = analyse_messages(buried, key_messages=key, lang="id", guidelines=guidelines)
    assert a.key_messages[0].covered and a.main_message_early is True and b.main_message_early is False
    assert a.score > b.score


def test_whisper_lead_ranks_above_buried(guidelines):
    keys = ["tempat pengungsian sudah dibuka", "bantuan logistik sudah tersedia"]
    for variant in ("int8", "float32", "beam1"):
        a = analyse_messages(misheard("id_doorstop_lead", variant), key_messages=keys, lang="id", guidelines=guidelines)
        b = analyse_messages(misheard("id_doorstop_buried", variant), key_messages=keys, lang="id",
                             guidelines=guidelines)
        assert a.score > b.score, variant


def test_coverage_is_graded(guidelines):
    key = ["vaksinasi gratis untuk semua warga di puskesmas"]
    full = analyse_messages(heard("Vaksinasi gratis untuk semua warga di puskesmas."), key_messages=key, lang="id",
                            guidelines=guidelines)
    half = analyse_messages(heard("Vaksinasi gratis dimulai hari ini."), key_messages=key, lang="id",
                            guidelines=guidelines)
    none = analyse_messages(heard("Jalan raya ditutup sementara."), key_messages=key, lang="id", guidelines=guidelines)
    assert full.key_messages[0].coverage == 1.0 and none.key_messages[0].coverage == 0.0
    assert 0.0 < half.key_messages[0].coverage < 0.6
    assert full.score > half.score > none.score


def test_word_hits_join_split_words():
    tokens = tokenise(heard("bantuan analogis tik sudah ada"))
    assert word_hits(tokens, "logistik", min_similarity=0.75, exact_max_letters=4) == [1]


def test_word_hits_find_a_word_inside_words_written_as_one():
    """Whisper's "lingkatisuntuk pelakusahami" (clean, int8) for "keliling gratis untuk pelaku usaha mikro"."""
    tokens = tokenise(heard("nankali lingkatisuntuk pelakusahami kerom"))
    found = {w: word_hits(tokens, w, min_similarity=0.75, exact_max_letters=4, inside_min_letters=5)
             for w in ("untuk", "pelaku", "usaha", "mikro")}
    assert found == {"untuk": [1], "pelaku": [2], "usaha": [2], "mikro": []}
    assert word_hits(tokens, "usaha", min_similarity=0.75, exact_max_letters=4) == []  # off by default
    # a shorter word than inside_min_letters is not looked for inside others
    assert word_hits(tokenise(heard("penanganan")), "anak", min_similarity=0.75, exact_max_letters=3,
                     inside_min_letters=5) == []


def test_word_hits_look_inside_hyphenated_words():
    """Whisper's "Masuk-Satoga-Tasana" (noise at 5 dB) for "masuk sekolah dasar"."""
    tokens = tokenise(heard("Samerun Masuk-Satoga-Tasana, pembuatan"))
    assert word_hits(tokens, "masuk", min_similarity=0.75, exact_max_letters=4) == [1]
    assert word_hits(tokens, "sekolah", min_similarity=0.75, exact_max_letters=4) == []


@pytest.mark.parametrize(
    # what Whisper base heard (tests/fixtures/misheard_answers/nocomment.json): nc_id_02, _06 and _14 were
    # dev in the fixtures' own split and are test in benchmarks/whisper_answers.py's re-split (by wording,
    # stratified by condition); kept as regression cases, not used to choose anything since
    ("item", "condition"),
    [("nc_id_00_0", "clean_int8"),  # "Nodromment. Silakan tayakan langsung ke magian pukum."
     ("nc_id_02_0", "clean_int8"),  # "Terima kasih hatas pertayaan ya, nukoment, yang bisa saya sampeikan, ..."
     ("nc_id_04_1", "snr10_beam1"),  # "Di nakada komentar. Si nakantan nakantan langsung kebabian tutum."
     ("nc_id_06_0", "snr10_beam1"),  # "Tantar komentar, si akan tanya kanansun kebabian turun."
     ("nc_id_08_0", "clean_int8"),  # "..., kami tina kisah berkomentar. Yang bisa saya sampaikan, ..."
     ("nc_id_12_0", "snr10_beam1"),  # "Engan perkumentan, si rakannya kan rancun ke ravian tutum."
     ("nc_id_14_0", "clean_int8"),  # "..., saya dimakmer komentar, yang bisa saya sampeikan, ..."
     ("nc_id_11_0", "clean_int8"),  # "Sekali lagi, di Makakan berkomentar untuk saat ini, terima kasih."
     ("nc_id_00_0", "snr10_beam1")],  # "No, cuman, si nakan-tanakan langsung kebabilan tutum."
)
def test_recorded_misheard_answers_saying_no_comment_are_found(guidelines, item, condition):
    t = misheard_answer("nocomment", item, condition)
    assert analyse_public(t, lang="id", guidelines=guidelines).no_comment is True
