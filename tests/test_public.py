"""Public-centred: audience vs self words, benefit, invitation, listening, inclusive wording, data,
ceremony only, "no comment", score."""

from __future__ import annotations

import pytest

from coach.analysis.public import analyse_public
from conftest import fake_transcript, misheard_answer, words_from_text


def public(text: str, *, lang: str = "id", guidelines):
    return analyse_public(fake_transcript(words_from_text(text), language=lang), lang=lang, guidelines=guidelines)


PUBLIC_ID = (
    "Selamat pagi, Bapak dan Ibu warga Kota Surabaya. Mulai bulan ini, warga bisa mengurus KTP tanpa antre. "
    "Sebanyak 1.200 warga sudah merasakan layanan ini. Kami mengundang Bapak dan Ibu menyampaikan aspirasi. "
    "Jika Anda mengalami kendala, silakan hubungi petugas. Masyarakat adalah pusat pelayanan kita bersama."
)
AGENCY_ID = (
    "Pada hari ini, pimpinan instansi kami melaksanakan kunjungan kerja ke kantor cabang dinas kami. "
    "Kegiatan diawali dengan peresmian gedung baru dan gunting pita oleh kepala dinas. "
    "Saya selaku kepala bagian humas mendampingi pimpinan. Mengenai anggaran kegiatan ini, tidak ada komentar."
)


def test_audience_centred_indonesian_statement(guidelines):
    r = public(PUBLIC_ID, guidelines=guidelines)
    # audience: bapak, ibu, warga ×3, bapak, ibu, anda, masyarakat, kita; self: kami
    assert (r.audience_words, r.self_words) == (10, 1)
    assert r.audience_share == pytest.approx(10 / 11)
    assert r.public_benefit == ("warga bisa",)
    assert r.invitation == ("kami mengundang", "aspirasi", "silakan", "hubungi")
    assert r.inclusive == ("bapak dan ibu",)
    assert r.data_cited == ("1.200 warga",)
    assert (r.ceremony_only, r.no_comment, r.exclusive_terms) == (False, False, ())
    assert r.score == 100.0


def test_agency_centred_ceremony_with_no_comment(guidelines):
    r = public(AGENCY_ID, guidelines=guidelines)
    # self: pimpinan, instansi, kami, kantor, dinas, kami, kepala dinas, saya, pimpinan
    assert (r.audience_words, r.self_words, r.audience_share) == (0, 9, 0.0)
    assert r.public_benefit == () and r.invitation == () and r.data_cited == ()
    assert r.ceremony_only is True
    assert r.no_comment is True and r.no_comment_at == (pytest.approx(18.5),)  # "tidak" is word 37
    assert r.score == 0.0


def test_score_formula(guidelines):
    # audience share 1/2 (warga vs kami) against public.audience_share_good 0.6; benefit "gratis";
    # no invitation, inclusive wording or data; weights audience 40, benefit 20, invitation 15,
    # inclusive 10, data 15
    r = public("Kami membuka layanan gratis untuk warga.", guidelines=guidelines)
    assert r.audience_share == 0.5
    assert r.score == pytest.approx(40 * 0.5 / 0.6 + 20)
    # the same with an excluding term: minus public.exclusive_term_penalty (5)
    r = public("Kami membuka layanan gratis untuk warga dan orang cacat.", guidelines=guidelines)
    assert r.exclusive_terms == ("orang cacat → penyandang disabilitas",)
    assert r.score == pytest.approx(40 * 0.5 / 0.6 + 20 - 5)


def test_ceremony_with_a_benefit_is_not_ceremony_only(guidelines):
    r = public("Peresmian puskesmas ini membuat warga bisa berobat lebih dekat.", guidelines=guidelines)
    assert r.ceremony_only is False and r.public_benefit == ("warga bisa", "lebih dekat")


@pytest.mark.parametrize(
    "text",
    ["Soal itu, no komen.", "Maaf, saya tidak bisa berkomentar.", "Untuk itu tanpa komentar.",
     "Anggaran kegiatan ini, Dinakana komentar."],
)
def test_no_comment_variants(guidelines, text):
    assert public(text, guidelines=guidelines).no_comment is True


@pytest.mark.parametrize(
    "text", ["Apa ada komentar?", "Tadi ada komentar dari warga.", "Bapak, ada komentar?", "Kami menerima komentar."]
)
def test_asking_for_comments_is_not_no_comment(guidelines, text):
    assert public(text, guidelines=guidelines).no_comment is False


@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [("Keputusan itu diumumkan tanpa komentar dari menteri.", "id", False),
     ("Sampai hari ini tidak ada tanggapan dari warga.", "id", False),
     ("Soal itu, tidak ada komentar dari kami.", "id", True),
     ("Tidak ada komentar dari saya, silakan tanya humas.", "id", True),
     ("The decision was announced without comment from the minister.", "en", False),
     ("No comment from me on that.", "en", True)],
)
def test_someone_elses_silence_is_not_a_refusal(guidelines, text, lang, said):
    """A wording followed by "dari"/"from" reports another's silence, unless the speaker's own words follow."""
    assert public(text, lang=lang, guidelines=guidelines).no_comment is said


def test_a_scope_may_follow_a_misheard_no_comment(guidelines):
    assert public("Sekali lagi, no tomen soal itu. Terima kasih.", guidelines=guidelines).no_comment is True
    assert public("Again, no comentt at this stage.", lang="en", guidelines=guidelines).no_comment is True
    # a clause that goes on with other words is still not one ("tadi ada" is a few letters from "tak ada")
    assert public("Tadi ada komentar tentang jalan rusak.", guidelines=guidelines).no_comment is False
    assert public("Tadi ada komentar untuk dinas.", guidelines=guidelines).no_comment is False
    assert public("I can comment for the record.", lang="en", guidelines=guidelines).no_comment is False


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Saya bisa berkomentar sekarang.", "id"), ("Kami akan berkomentar soal itu.", "id"),
     ("Saya sudah berkomentar.", "id"), ("Banyak komentar soal itu.", "id"), ("Tadi ada komentar, kami catat.", "id"),
     ("Ada komentar dari warga.", "id"), ("Komentar Bapak sangat membantu.", "id"),
     ("Terima kasih atas komentarnya.", "id"),
     ("I can comment now.", "en"), ("I'd like to comment.", "en"), ("We will comment now.", "en"),
     ("I would like to comment at this stage.", "en"), ("Thanks for your comment.", "en")],
)
def test_an_affirmative_heard_as_real_words_is_not_a_refusal(guidelines, text, lang):
    """Every word heard is a word of the language and the wording's refusing word is not among them:
    said as heard, not a misheard "saya tidak berkomentar" / "I can't comment" / "no comment"."""
    assert public(text, lang=lang, guidelines=guidelines).no_comment is False


@pytest.mark.parametrize(
    ("text", "lang"),
    [  # Whisper base on rendered answers (misheard_answers/nocomment.json, dev: nc_id_11_0, nc_id_00_0)
     ("Sekali lagi, di Makakan berkomentar untuk saat ini, terima kasih.", "id"),  # not a whole clause, 0.95 alike
     ("Sertari raki, di nakatan berkomentar humru kharati di Sertari Makasih.", "id"),
     ("No, cuman, si nakan-tanakan langsung kebabilan tutum.", "id"),  # o/u folded: "nokoman" ~ "nokomen"
     ("Terima kasih atas pertanyaannya. Dina kana komentar. Yang bisa saya sampaikan.", "id"),  # "dina", "kana"
     # are words, but "tinak" is one sound from "tidak" where the wording has it
     # commas moved or lost (benchmarks/mishear.py): the match need not start a clause
     ("On, that point me can't comment. We are focused on the residents.", "en"),
     ("Thank you for the question. we canlot com nent. What I can say is that the shelters are open.", "en")],
)
def test_misheard_refusals_beyond_a_whole_clause(guidelines, text, lang):
    assert public(text, lang=lang, guidelines=guidelines).no_comment is True


@pytest.mark.parametrize(
    ("item", "condition", "lang"),  # tests/fixtures/misheard_answers/negatives.json (dev)
    [("neg_id_02", "clean_int8", "id"),  # "Tina kana masalah dengan pasokan ai."
     ("neg_id_14", "clean_int8", "id"),  # "keputusan itu di umukan tanpa komentar nari menteri"
     ("neg_id_14", "snr10_beam1", "id"),  # "Keputusari tuvi umumkan, pangkat, romentar, mari, menteri."
     ("neg_en_00", "clean_int8", "en"),  # "Any comments from the floor?"
     ("neg_en_04", "clean_int8", "en"),  # "No problem, we will send the data today"
     ("neg_en_08", "snr10_beam1", "en"),  # "I'm not going to come to prepare in the deep."
     ("neg_en_12", "clean_int8", "en")],  # "We have no complaints so far."
)
def test_recorded_answers_without_no_comment_raise_no_alarm(guidelines, item, condition, lang):
    t = misheard_answer("negatives", item, condition)
    assert analyse_public(t, lang=lang, guidelines=guidelines).no_comment is False


def test_listening_signals(guidelines):
    r = public("Terima kasih atas pertanyaannya. Kami memahami keluhan warga.", guidelines=guidelines)
    assert r.listening == ("terima kasih atas pertanyaannya", "kami memahami")


def test_data_cited_forms(guidelines):
    text = "Naik 20 persen sejak 17 Agustus 2024 dengan anggaran Rp 5 juta untuk dua ratus desa, dan 2 anak."
    assert public(text, guidelines=guidelines).data_cited == (
        "20 persen", "17 Agustus 2024", "Rp 5 juta", "dua ratus desa"
    )


def test_english(guidelines):
    text = ("Thank you for the question. Residents can now register online for free, and 1,200 people already have. "
            "We invite you to share your ideas. I am proud of the ministry. No comment on the budget.")
    r = public(text, lang="en", guidelines=guidelines)
    # audience: you (in "thank you"), residents, people, you, your; self: i, the ministry
    assert (r.audience_words, r.self_words) == (5, 2)
    assert r.public_benefit == ("residents can", "for free")
    assert r.invitation == ("we invite", "share your")
    assert r.listening == ("thank you for the question",)
    assert r.data_cited == ("1,200 people",)
    assert r.no_comment is True and r.no_comment_at == (pytest.approx(15.0),)  # word 30
    # 40 (share 5/7 ≥ 0.6) + 20 + 15 + 0 + 15 − 40 for "no comment"
    assert r.score == pytest.approx(50.0)


# ----------------------------------------------------------------------------- recorded Whisper output


def test_public_clip_scores_far_above_the_agency_clip(recorded_transcript, guidelines):
    """Whisper garbles the espeak Indonesian, so only the robust signals are asserted."""
    pub = analyse_public(recorded_transcript("id_public"), lang="id", guidelines=guidelines)
    agency = analyse_public(recorded_transcript("id_agency"), lang="id", guidelines=guidelines)
    assert pub.score - agency.score >= 25
    # "tidak ada komentar" at the end of id_agency comes back garbled, differently on each CPU
    # ("Dinakana komentar.", "di nakana komentar."): whether it is still found is the phrase
    # matcher's job, measured on misheard variants, not asserted on one recording.
    assert pub.no_comment is False
    assert pub.audience_share > 0.6 > agency.audience_share
    assert "silakan" in pub.invitation
