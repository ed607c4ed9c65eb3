"""The language check (issue 16 item 7): speech analysed in the wrong language is said to sound like the
other one, on Whisper's recorded transcripts of the sample clips in both languages; no warning on the
right language; the report's warning in the interface language; the app offers to analyse again."""

from __future__ import annotations

import sys

import pytest
from conftest import SAMPLES, fake_transcript, words_from_text
from job_helpers import run_until_analysed
from streamlit.testing.v1 import AppTest

from coach.workspace import auth
from coach.config import load_settings
from coach.i18n import notice_message
from coach.lang.language_check import LanguageId, check_language
from coach.report.pipeline import analyse
from coach.store.database import Store

ENGLISH = ("en_clean", "en_fillers", "en_rate_080", "en_rate_125", "en_rate_250")
INDONESIAN = ("id_acronyms", "id_agency", "id_clean", "id_doorstop_buried", "id_doorstop_lead",
              "id_doorstop_nocomment", "id_fillers", "id_public")
# Whisper heard no word of these in English: nothing to judge (the report's no_words warning covers them)
NO_WORDS_AS_EN = ("id_doorstop_buried", "id_doorstop_nocomment")


@pytest.mark.parametrize("clip", ENGLISH)
def test_english_speech_analysed_as_indonesian_sounds_like_english(recorded_transcript, guidelines, clip):
    check = check_language(recorded_transcript(f"{clip}.as_id"), "id", guidelines)
    assert check.sounds_like_other and check.other == "en"
    assert check.shares["en"] > check.shares["id"]
    assert check.notice().code == "sounds_like_en"


@pytest.mark.parametrize("clip", [c for c in INDONESIAN if c not in NO_WORDS_AS_EN])
def test_indonesian_speech_analysed_as_english_sounds_like_indonesian(recorded_transcript, guidelines, clip):
    check = check_language(recorded_transcript(f"{clip}.as_en"), "en", guidelines)
    assert check.sounds_like_other and check.notice().code == "sounds_like_id"


@pytest.mark.parametrize("clip", ENGLISH + INDONESIAN)
def test_speech_analysed_in_its_own_language_gets_no_warning(recorded_transcript, guidelines, clip):
    t = recorded_transcript(clip)
    check = check_language(t, t.language, guidelines)
    assert not check.sounds_like_other and check.notice() is None
    assert check.margin < float(guidelines.value("language_check.margin", t.language)) - 0.05  # with room to spare


def test_whispers_language_id_catches_speech_it_translated_into_the_other_language(recorded_transcript, guidelines):
    """Fluent Indonesian words (a translation) read like Indonesian; Whisper still hears English on the speech.
    And the other way: real Indonesian speech forced into English comes back as English words."""
    indonesian_words = recorded_transcript("id_clean")
    assert not check_language(indonesian_words, "id", guidelines).sounds_like_other
    heard = check_language(indonesian_words, "id", guidelines, heard=LanguageId(english_share=0.9999))
    assert heard.sounds_like_other and heard.notice().code == "sounds_like_en"
    assert "Whisper hears English at 0.9999" in heard.notice().message
    # espeak Indonesian reaches 0.9967 English (Whisper's own 0.5 would call it English): no warning
    espeak = LanguageId(english_share=0.9967)
    assert not check_language(indonesian_words, "id", guidelines, heard=espeak).sounds_like_other
    # analysed as English, only where Whisper is sure it hears Indonesian (an accent is no reason to switch)
    english_words = recorded_transcript("en_clean")
    assert not check_language(english_words, "en", guidelines, heard=LanguageId(english_share=0.2)).sounds_like_other
    bar = float(guidelines.value("language_check.english_share_max"))
    assert not check_language(english_words, "en", guidelines,
                              heard=LanguageId(english_share=bar + 0.001)).sounds_like_other
    translated = check_language(english_words, "en", guidelines, heard=LanguageId(english_share=0.0002))
    assert translated.sounds_like_other and translated.notice().code == "sounds_like_id"
    assert "Whisper hears Indonesian at 0.9998" in translated.notice().message


class Translating:
    """Whisper translating English speech into fluent Indonesian: id_clean's words for any clip, English heard."""

    name = "translating"

    def __init__(self, transcript) -> None:
        self.segments = transcript.segments

    def language_probabilities(self, samples):
        return {"en": 0.98, "id": 0.0005, "ms": 0.01}

    def transcribe(self, samples, *, language, progress=None):
        return self.segments


def test_the_report_runs_the_language_id_on_speech_analysed_as_indonesian(settings, recorded_transcript):
    report = analyse(SAMPLES / "en_clean.wav", settings=settings, lang="id",
                     transcriber=Translating(recorded_transcript("id_clean")))
    assert [w.code for w in report.warnings][:1] == ["sounds_like_en"]
    assert "Whisper hears English at 0.9995" in report.warnings[0].message  # 0.98 / (0.98 + 0.0005)
    as_english = analyse(SAMPLES / "en_clean.wav", settings=settings, lang="en",
                         transcriber=Translating(recorded_transcript("en_clean")))
    assert not [w for w in as_english.warnings if w.code.startswith("sounds_like_")]


def test_too_few_words_are_not_judged(guidelines):
    few = fake_transcript(words_from_text("Thank you very much for coming."), language="id")
    check = check_language(few, "id", guidelines)
    assert check.words == 6 and check.margin > 0.5 and not check.sounds_like_other
    assert check_language(fake_transcript([]), "id", guidelines).words == 0


def test_the_report_warns_in_the_interface_language(settings, recorded_engine_as_asked):
    report = analyse(SAMPLES / "en_clean.wav", settings=settings, lang="id", transcriber=recorded_engine_as_asked)
    assert recorded_engine_as_asked.languages == ["id"]
    codes = [w.code for w in report.warnings]
    assert codes[0] == "sounds_like_en"
    assert "sounds like English" in report.warnings[0].message and "--lang en" in report.warnings[0].message
    assert notice_message("sounds_like_en", "id").startswith("Ucapan ini terdengar seperti bahasa Inggris")
    assert notice_message("sounds_like_en", "en").startswith("This speech sounds like English")
    right = analyse(SAMPLES / "en_clean.wav", settings=settings, lang="en", transcriber=recorded_engine_as_asked)
    assert not [w for w in right.warnings if w.code.startswith("sounds_like_")]


def test_the_app_warns_and_analyses_again_in_the_other_language(data_dir, recorded_engine_as_asked):
    store = Store.from_settings(load_settings())
    budi = auth.join_cohort(store, store.create_cohort("DEMO").join_code, "Budi", "582914")
    at = AppTest.from_file(str(SAMPLES.parent / "app.py"), default_timeout=60)
    at.session_state["principal_id"] = budi.id
    at.run()
    assert at.selectbox(key="practice_lang").value == "id"  # the default: English speech analysed as Indonesian
    at.file_uploader(key="practice_upload").set_value(
        ("en_clean.wav", (SAMPLES / "en_clean.wav").read_bytes(), "audio/wav")).run()
    at.button(key="practice_analyse").click().run(timeout=120)
    run_until_analysed(at, "practice_job")
    assert not at.exception, [e.value for e in at.exception]
    assert any(w.value.startswith("Ucapan ini terdengar seperti bahasa Inggris") for w in at.warning)
    again = at.button(key="practice_reanalyse")
    assert again.label == "Analisis ulang sebagai: Inggris"

    again.click().run(timeout=120)
    run_until_analysed(at, "practice_job")
    assert not at.exception, [e.value for e in at.exception]
    assert recorded_engine_as_asked.languages == ["id", "en"]
    first, second = sorted(store.list_attempts(budi.id), key=lambda a: a.id)
    assert (first.language, second.language) == ("id", "en")  # a new attempt; the first one is kept
    assert not any(w.value.startswith("Ucapan ini terdengar") for w in at.warning)
    assert not [b for b in at.button if b.key == "practice_reanalyse"]
    assert any("vaccination" in m.value and 'class="wicara-transcript"' in m.value for m in at.markdown)


def test_the_report_page_offers_to_analyse_again_and_opens_the_new_report(data_dir, settings,
                                                                          recorded_engine_as_asked):
    store = Store.from_settings(load_settings())
    budi = auth.join_cohort(store, store.create_cohort("DEMO").join_code, "Budi", "582914")
    wrong = analyse(SAMPLES / "en_clean.wav", settings=settings, lang="id", transcriber=recorded_engine_as_asked)
    first = store.save_attempt(budi.id, audio=(SAMPLES / "en_clean.wav").read_bytes(), audio_suffix=".wav",
                               report=wrong.to_dict())
    at = AppTest.from_file(str(SAMPLES.parent / "app.py"), default_timeout=60)
    at.session_state["principal_id"] = budi.id
    at.run()
    at.switch_page("app_pages/report.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="report_attempt").value == first
    at.sidebar.selectbox(key="lang_sidebar").set_value("en").run()
    assert any(w.value.startswith("This speech sounds like English") for w in at.warning)
    at.button(key=f"report_{first}_reanalyse").click().run(timeout=120)
    run_until_analysed(at, "report_reanalysis")
    assert not at.exception, [e.value for e in at.exception]
    second = max(a.id for a in store.list_attempts(budi.id))
    assert second != first and store.get_attempt(second).language == "en"
    assert at.selectbox(key="report_attempt").value == second  # the new report is the one shown
    assert not any(w.value.startswith("This speech sounds like") for w in at.warning)


@pytest.mark.model
def test_the_real_model_on_english_speech_analysed_as_indonesian(settings):
    """Live Whisper base: English speech with the default language (Indonesian) gets the warning; in English not."""
    wrong = analyse(SAMPLES / "en_clean.wav", settings=settings, lang="id")
    assert [w.code for w in wrong.warnings][:1] == ["sounds_like_en"]
    right = analyse(SAMPLES / "en_clean.wav", settings=settings, lang="en")
    assert not [w for w in right.warnings if w.code.startswith("sounds_like_")]


@pytest.mark.model
def test_the_real_model_on_real_indonesian_speech_in_either_language(settings):
    """Live Whisper base on a real Indonesian clip (Common Voice, CC0): analysed as Indonesian, no language
    warning, and its reduplicated "bertahun-tahun" is no repetition; analysed as English, Whisper translates it
    into English words ("This is the time for the Garasini") but its language identification still hears
    Indonesian, so the report says so."""
    clip = SAMPLES.parent / "benchmarks" / "data" / "real" / "cv_id_19059577.flac"
    right = analyse(clip, settings=settings, lang="id")
    assert not [w.code for w in right.warnings if "language" in w.code or w.code.startswith("sounds_like_")]
    assert right.fillers.repetitions == 0 and right.fillers.count == 0
    wrong = analyse(clip, settings=settings, lang="en")
    assert [w.code for w in wrong.warnings][:1] == ["sounds_like_id"]
    assert "Whisper hears Indonesian at 0.99" in wrong.warnings[0].message


# ---- speech in a third language (neither Indonesian nor English)

OTHER_LANGUAGE = SAMPLES.parent / "benchmarks" / "data" / "other_language"


def test_language_id_shares_leave_out_the_supported_languages_and_their_neighbours():
    japanese = LanguageId.of({"ja": 0.996, "ko": 0.001, "en": 0.001, "id": 0.0005, "ms": 0.0005, "nn": 0.001})
    assert japanese.top_other == "ja" and japanese.other_share == pytest.approx(0.998)
    assert japanese.top_other_share == pytest.approx(0.996)
    # espeak Indonesian as Whisper base hears it (sample_audio/id_agency.wav): Thai first, yet a good share is near
    espeak = LanguageId.of({"th": 0.688, "en": 0.092, "km": 0.044, "jw": 0.041, "id": 0.02, "ms": 0.008, "si": 0.107})
    assert espeak.top_other == "th" and espeak.other_share == pytest.approx(0.839)
    assert espeak.top_other_share == pytest.approx(0.688)
    assert espeak.english_share == pytest.approx(0.092 / 0.112)
    assert LanguageId.of({"ms": 0.7, "jw": 0.2, "su": 0.1}).other_share == 0.0  # Malay, Javanese, Sundanese


def test_speech_in_a_third_language_gets_its_own_warning_first(recorded_transcript, guidelines):
    """Japanese analysed as Indonesian: whatever the words read like, switching id/en would not help."""
    words = recorded_transcript("en_clean")  # a translation reads like English
    threshold = float(guidelines.value("language_check.other_language_min"))
    check = check_language(words, "id", guidelines, heard=LanguageId(english_share=0.5, other_share=0.998,
                                                                     top_other="ja", top_other_share=0.996))
    assert check.unsupported and check.sounds_like_other  # both measured...
    notice = check.notice()
    assert notice.code == "unsupported_language"  # ...the third language is said
    assert "Whisper hears Japanese (100%)" in notice.message
    assert notice_message("unsupported_language", "id").startswith("Ucapan ini tidak terdengar seperti bahasa")
    below = check_language(recorded_transcript("id_clean"), "id", guidelines,
                           heard=LanguageId(english_share=0.2, other_share=0.99, top_other="th",
                                            top_other_share=threshold - 0.01))
    assert not below.unsupported and below.notice() is None
    # Indonesian-looking words (a short foreign clip half-translated) do not outweigh a sure language ID
    sure = float(guidelines.value("language_check.other_language_sure"))
    for share, said in ((sure, True), (sure - 0.01, False)):
        heard = LanguageId(english_share=0.2, other_share=share, top_other="ja", top_other_share=share)
        assert check_language(recorded_transcript("id_clean"), "id", guidelines, heard=heard).unsupported is said


def test_recorded_language_ids_and_words_warn_only_on_third_languages():
    """Whisper base's language identification and transcripts recorded on every evaluation clip
    (``benchmarks/language_check.py``): at the guidelines' thresholds no Indonesian, English or Malay clip
    analysed in its own language is said to be in a third language (espeak Indonesian heard as Thai at up
    to 0.97 included), nor any analysed as Indonesian; three of 104 espeak Indonesian clips analysed as
    English are (the README says so); the real Spanish and Japanese clips are, in both languages."""
    sys.path.insert(0, str(SAMPLES.parent / "benchmarks"))
    from language_check import other_language_rows

    rows = other_language_rows()
    near = [r for r in rows if r["spoken"] != "other"]
    assert len(near) == 874 and max(r["top_other_share"] for r in near) > 0.9  # the hard cases are in
    warned = [(r["clip"], r["spoken"], r["analysed"]) for r in near if r["warned"]]
    assert all(spoken == "id" and analysed == "en" for _, spoken, analysed in warned) and len(warned) == 3, warned
    real = {(r["clip"], r["analysed"]) for r in rows if r["set"] == "other-real" and r["warned"]}
    assert real == {(f"other_{clip}", lang) for clip in ("es_mls_13697_11991_000000", "ja_cv_24511055")
                    for lang in ("id", "en")}


@pytest.mark.model
def test_the_real_model_on_japanese_speech_and_on_espeak_indonesian(settings):
    """Live Whisper base: a real Japanese clip (Common Voice, CC0) analysed as Indonesian is said to be in another
    language; espeak Indonesian, which Whisper base hears as a spread of Thai and others, is not."""
    japanese = analyse(OTHER_LANGUAGE / "ja_cv_24511055.flac", settings=settings, lang="id")
    assert [w.code for w in japanese.warnings][:1] == ["unsupported_language"]
    assert "Whisper hears Japanese" in japanese.warnings[0].message
    indonesian = analyse(SAMPLES / "id_agency.wav", settings=settings, lang="id")
    assert "unsupported_language" not in [w.code for w in indonesian.warnings]
