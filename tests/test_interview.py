"""Interview answers: latency, length against the norms, key message first, bridging, "no comment",
hedges, the score and the session summary; the real pipeline on generated doorstop answers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import fake_transcript, sample, words_from_text

from coach.analysis.public import analyse_public
from coach.media.exercises import get_exercise
from coach.media.interview import ASPECTS, score_answer, summarise_session

QUESTION = "Berapa warga yang terdampak banjir hari ini?"
KEY = ["Tempat pengungsian sudah dibuka", "Bantuan logistik sudah tersedia"]
POSKO = "Tempat pengungsian sudah dibuka di sekolah dasar sejak pagi tadi."
LOGISTIK = "Bantuan logistik sudah tersedia untuk tiga ratus warga."
MEDIS = "Tim kesehatan berjaga siang dan malam."
PANTAU = "Kami terus memantau ketinggian air bersama petugas di lapangan."
LEAD = f"{POSKO} {LOGISTIK} {MEDIS} {PANTAU}"  # the texts of the id_doorstop_* clips
BURIED = f"{MEDIS} {PANTAU} {LOGISTIK} {POSKO}"


def report_of(text: str, guidelines, *, lang: str = "id", **timing):
    """What score_answer reads from a report (its transcript and public-centred result), from a fake transcript."""
    t = fake_transcript(words_from_text(text, **timing), language=lang)
    return SimpleNamespace(transcript=t, said=t, public=analyse_public(t, lang=lang, guidelines=guidelines))


def answer(text: str, guidelines, *, key=KEY, lang: str = "id", asked_at_s: float = 0.0, kind: str = "doorstop",
           **timing):
    return score_answer(report_of(text, guidelines, lang=lang, **timing), question=QUESTION, asked_at_s=asked_at_s,
                        key_messages=key, lang=lang, guidelines=guidelines, kind=kind)


def test_leading_answer_beats_the_buried_one(guidelines):
    lead, buried = answer(LEAD, guidelines), answer(BURIED, guidelines)
    # 33 words of 0.4 s + 0.1 s gaps: 16.4 s; both key messages covered in both answers
    assert (lead.answer_words, lead.answer_s, lead.latency_s) == (33, pytest.approx(16.4), 0.0)
    assert [k.covered for k in lead.key_messages] == [k.covered for k in buried.key_messages] == [True, True]
    assert (lead.key_message_at_word, lead.key_message_first) == (0, True)
    # "Bantuan" is word 15 (< 27), but the answer opened with another fact: not first
    assert (buried.key_message_at_word, buried.key_message_first, buried.bridged_to_message) == (15, False, False)
    assert lead.score == 100.0
    assert buried.aspects["key_message_first"] == buried.aspects["bridging"] == 0.0
    assert buried.score == pytest.approx(80.0)  # 100 − (15 + 5) of weight 100


def test_acknowledging_first_then_the_key_message_still_counts_as_first(guidelines):
    r = answer("Terima kasih atas pertanyaannya. " + LEAD, guidelines)
    assert r.acknowledged == ("terima kasih atas pertanyaannya",)
    assert (r.key_message_at_word, r.key_message_first) == (4, True)


def test_bridging_to_the_key_message(guidelines):
    text = "Soal itu masih kami dalami bersama tim di lapangan. Namun yang bisa saya sampaikan, " + POSKO
    r = answer(text, guidelines, key=KEY[:1])
    assert r.bridging == ("namun yang bisa saya sampaikan",)
    assert (r.key_message_first, r.bridged_to_message) == (False, True)
    assert (r.aspects["key_message_first"], r.aspects["bridging"]) == (0.0, 100.0)
    en = answer("That is being reviewed. What I can tell you is that the evacuation shelters are open.", guidelines,
                key=["evacuation shelters are open"], lang="en")
    assert en.bridging == ("what i can tell you",) and en.bridged_to_message is True


@pytest.mark.parametrize("text,lang", [
    ("Soal anggaran, tidak ada komentar. " + POSKO, "id"),
    ("Saya tidak bisa berkomentar soal itu. " + POSKO, "id"),
    ("No comment on the budget. The evacuation shelters are open.", "en"),
    ("I can't comment on that. The evacuation shelters are open.", "en"),
])
def test_no_comment_in_any_wording(guidelines, text, lang):
    r = answer(text, guidelines, lang=lang, key=())
    assert r.no_comment is True and r.no_comment_at == (0.0 if lang == "en" or "Saya" in text else 1.0,)
    assert r.aspects["no_comment"] == 0.0
    assert r.aspects["key_message_covered"] is None  # no key messages given
    # weights without key-message parts: latency 10, length 20, no_comment 20, hedges 10
    assert r.score == 66.7  # 100 × 40 / 60, to one decimal


def test_hedges_and_latency(guidelines):
    text = "Mungkin sekitar tiga ratus warga, sepertinya masih bertambah. " + POSKO
    r = answer(text, guidelines, start=3.5, asked_at_s=0.5)
    assert r.latency_s == pytest.approx(3.0)
    assert r.aspects["latency"] == pytest.approx(50.0)  # 1 s → 100, 5 s → 0
    assert r.hedges == ("mungkin", "sepertinya")
    assert r.hedges_per_100_words == pytest.approx(100 * 2 / 18)
    assert r.aspects["hedges"] == 0.0  # 11.1 per 100 words ≥ twice the 2.0 limit


def test_words_before_the_question_ended_are_not_the_answer(guidelines):
    text = QUESTION + " " + LEAD  # the question was recorded too: 7 words, 0–3.4 s; the answer from 3.5 s
    r = answer(text, guidelines, asked_at_s=3.4)
    assert r.answer_words == 33 and r.latency_s == pytest.approx(0.1)
    assert r.key_message_first is True


def test_soundbite_and_doorstop_length_norms(guidelines):
    short = answer(POSKO, guidelines, kind="soundbite")  # 10 words, 4.9 s
    assert short.soundbite and short.aspects["length"] == 100.0
    long_text = f"{LEAD} {LEAD}"  # 66 words, 32.9 s: twice the soundbite norm and more
    r = answer(long_text, guidelines, kind="soundbite")
    assert not r.soundbite and r.aspects["length"] == 0.0
    # the same answer as a doorstop: full marks up to 60 s
    assert answer(long_text, guidelines).aspects["length"] == 100.0
    slow = answer(LEAD, guidelines, word_s=2.0, gap_s=0.8)  # 33 words over 91.6 s
    assert slow.answer_s == pytest.approx(91.6) and slow.aspects["length"] == 47.3  # (120 − 91.6) / 60


def test_session_summary(guidelines):
    answers = [answer(LEAD, guidelines), answer(BURIED, guidelines),
               answer("Tidak ada komentar. " + POSKO, guidelines, key=KEY[:1])]
    s = summarise_session(answers)
    assert s.count == 3 and s.no_comment_count == 1
    assert s.mean_score == pytest.approx(round((100 + 80 + answers[2].score) / 3, 1))
    assert set(s.aspect_means) == set(ASPECTS)
    # opening with "Tidak ada komentar." is not leading with the key message either; bridging ties at
    # 33.3 (no bridge in the last two), and the tie goes to the aspect listed first
    assert s.aspect_means["key_message_first"] == s.aspect_means["bridging"] == 33.3
    assert s.weakest_aspect == "key_message_first"
    assert [r.question for r in s.rows] == [QUESTION] * 3
    assert [r.key_message_first for r in s.rows] == [True, False, False]
    empty = summarise_session([])
    assert (empty.count, empty.mean_score, empty.weakest_aspect, empty.rows) == (0, None, None, ())


# ----------------------------------------------------------------------------- recorded Whisper output


@pytest.fixture(scope="module")
def doorstop_reports(settings, guidelines):
    """The three generated doorstop answers through the whole pipeline, on recorded Whisper output."""
    from conftest import RecordedTranscriber

    from coach.report.pipeline import analyse

    engine = RecordedTranscriber()

    ex = get_exercise("doorstop")
    return {name: analyse(sample(name)[0], settings=settings, lang="id", key_messages=KEY, exercise=ex,
                          guidelines=guidelines, transcriber=engine)
            for name in ("id_doorstop_lead", "id_doorstop_buried", "id_doorstop_nocomment")}


def test_generated_leading_answer_scores_higher_on_messages(doorstop_reports, guidelines):
    lead, buried = doorstop_reports["id_doorstop_lead"], doorstop_reports["id_doorstop_buried"]
    a = score_answer(lead, question=QUESTION, key_messages=KEY, lang="id", guidelines=guidelines)
    b = score_answer(buried, question=QUESTION, key_messages=KEY, lang="id", guidelines=guidelines)
    # Whisper hears the main message ("Tempat … di buka") in both; it leads only one of them
    assert a.key_messages[0].covered and b.key_messages[0].covered
    assert a.key_message_first is True and b.key_message_first is False
    assert a.score > b.score
    assert lead.scores["messages"] > buried.scores["messages"]
    assert lead.messages.main_message_early is True and buried.messages.main_message_early is False


def test_generated_no_comment_answer_is_flagged(doorstop_reports, guidelines):
    report = doorstop_reports["id_doorstop_nocomment"]
    r = score_answer(report, question="Mengapa bantuan terlambat datang?", key_messages=KEY[:1], lang="id",
                     guidelines=guidelines)
    _, meta = sample("id_doorstop_nocomment")
    said_at = meta["pauses"][0]["end"]  # "Tidak ada komentar." follows the first pause
    assert r.no_comment is True and r.no_comment_at[0] == pytest.approx(said_at, abs=0.6)
    assert r.aspects["no_comment"] == 0.0
    assert any(e.kind == "no_comment" for e in report.timeline)
    for name in ("id_doorstop_lead", "id_doorstop_buried"):
        assert doorstop_reports[name].public.no_comment is False
