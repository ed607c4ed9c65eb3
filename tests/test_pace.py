"""Pace: words per minute, syllables per second, articulation rate, 30 s windows, verdict, score."""

from __future__ import annotations

import pytest

from coach.analysis.pace import analyse_pace
from coach.audio import load_audio
from coach.features.signal import activity_mask, frame_levels_db, mask_to_spans
from conftest import fake_transcript, sample


def _steady(n_words: int, *, start_s: float, end_s: float) -> list[tuple[str, float, float]]:
    """``n_words`` equal words filling [start_s, end_s] exactly, no gaps: "kami" (2 syllables) and
    "bekerja" (3) in turn, 2.5 syllables a word as ``pace.syllables_per_word`` for Indonesian, so the
    Indonesian verdict (judged on the wpm the syllables imply, ``pace.verdict_from_syllables``)
    sees the same wpm as the word count."""
    step = (end_s - start_s) / n_words
    return [(("kami", "bekerja")[k % 2], round(start_s + k * step, 6), round(start_s + (k + 1) * step, 6))
            for k in range(n_words)]


def test_sixty_words_in_thirty_seconds_is_120_wpm(guidelines):
    t = fake_transcript(_steady(60, start_s=0.0, end_s=30.0))
    r = analyse_pace(t, pause_spans=(), lang="id", guidelines=guidelines)
    assert r.words_per_minute == pytest.approx(120.0)
    assert r.syllables_per_second == pytest.approx(5.0)  # 30 × 2 + 30 × 3 syllables
    assert r.articulation_rate == pytest.approx(5.0)
    assert r.verdict_words_per_minute == pytest.approx(120.0) and r.verdict_from_syllables
    assert r.verdict == "good" and r.band_wpm == (95.0, 130.0)
    assert len(r.windows) == 1 and r.windows[0].in_band
    assert r.share_in_band == 1.0 and r.out_of_band == () and r.score == 100.0


def test_leading_and_trailing_silence_do_not_count(guidelines):
    t = fake_transcript(_steady(60, start_s=5.0, end_s=35.0), duration_s=60.0)
    r = analyse_pace(t, pause_spans=(), lang="en", guidelines=guidelines)
    assert r.words_per_minute == pytest.approx(120.0)
    assert (r.windows[0].start, r.windows[0].end) == (5.0, 35.0)


def test_articulation_rate_leaves_out_pauses_longer_than_the_minimum(guidelines):
    words = _steady(30, start_s=0.0, end_s=10.0) + _steady(30, start_s=15.0, end_s=25.0)
    t = fake_transcript(words)
    # 5 s pause counts; 0.2 s is under pace.pause_min_s (0.25 s); the part before the first word is clipped
    r = analyse_pace(t, pause_spans=[(10.0, 15.0), (20.0, 20.2), (-3.0, 0.5)], lang="id", guidelines=guidelines)
    assert r.words_per_minute == pytest.approx(60 / 25 * 60)  # 144: pauses included
    assert r.syllables_per_second == pytest.approx(150 / 25)
    assert r.articulation_rate == pytest.approx(150 / (25 - 5 - 0.5))


def test_windows_merge_a_short_last_one_and_flag_fast_stretches(guidelines):
    # 0-30 s at 150 wpm (fast for Indonesian), 30-95 s at 110 wpm; the 5 s tail merges into 60-95 s
    words = _steady(75, start_s=0.0, end_s=30.0) + _steady(119, start_s=30.0, end_s=95.0)
    r = analyse_pace(fake_transcript(words), pause_spans=(), lang="id", guidelines=guidelines)
    assert [(w.start, w.end) for w in r.windows] == [(0.0, 30.0), (30.0, 60.0), (60.0, 95.0)]
    assert [round(w.words_per_minute) for w in r.windows] == [150, 110, 110]
    assert [w.in_band for w in r.windows] == [False, True, True]
    assert len(r.out_of_band) == 1
    event = r.out_of_band[0]
    assert (event.kind, event.start, event.end, event.label) == ("pace_fast", 0.0, 30.0, "150 wpm")
    assert r.share_in_band == pytest.approx(2 / 3)
    # score = 100 × min(1, mean closeness / pace.good_share_of_windows (0.7)); 150 wpm is
    # (150 − 130) / 130 = 15.4 % past the edge, beyond pace.zero_off_band_share (10 %): closeness 0
    assert [w.closeness for w in r.windows] == [0.0, 1.0, 1.0]
    assert r.score == pytest.approx(100 * (2 / 3) / 0.7)


@pytest.mark.parametrize(
    ("wpm", "lang", "verdict"),
    [(90, "id", "slow"), (140, "id", "fast"), (140, "en", "good"), (90, "en", "slow"), (170, "en", "fast")],
)
def test_verdict_uses_the_language_band(guidelines, wpm, lang, verdict):
    # the score falls with the distance from the band (pace.zero_off_band_share = 10 % of the edge):
    # 90 id is 5.3 % under 95, 140 id 7.7 % over 130, 90 en 10 % under 100, 170 en 3 % over 165
    t = fake_transcript(_steady(wpm, start_s=0.0, end_s=60.0), language=lang)
    r = analyse_pace(t, pause_spans=(), lang=lang, guidelines=guidelines)
    assert r.words_per_minute == pytest.approx(wpm)
    assert r.verdict == verdict
    kind = {"slow": "pace_slow", "fast": "pace_fast"}.get(verdict)
    assert [e.kind for e in r.out_of_band] == ([kind, kind] if kind else [])
    expected = {(90, "id"): 100 * (1 - 5 / 95 / 0.1) / 0.7, (140, "id"): 100 * (1 - 10 / 130 / 0.1) / 0.7,
                (90, "en"): 0.0, (170, "en"): 100 * (1 - 5 / 165 / 0.1) / 0.7}.get((wpm, lang), 100.0)
    assert r.score == pytest.approx(min(100.0, expected))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_cliff_at_the_band_edge(guidelines, lang):
    """129.6 and 131.6 wpm (band 95–130 id) score nearly the same; further off scores less, smoothly."""
    def score(wpm: float) -> float:
        words = _steady(round(wpm * 5), start_s=0.0, end_s=300.0)  # 5 minutes, 10 windows
        return analyse_pace(fake_transcript(words, language=lang), pause_spans=(), lang=lang,
                            guidelines=guidelines).score

    hi = {"id": 130.0, "en": 165.0}[lang]
    inside, outside = score(hi - 0.4), score(hi + 1.6)
    assert abs(inside - outside) <= 5.0
    far = [score(hi * (1 + k / 100)) for k in (2, 4, 6, 8, 10, 12)]
    assert all(a >= b for a, b in zip(far, far[1:], strict=False)) and far[0] > 0 and far[-1] == 0.0



def test_fillers_count_as_words_and_punctuation_does_not(guidelines):
    words = _steady(58, start_s=0.0, end_s=30.0)
    words[10] = ("Eee,", words[10][1], words[10][2])
    words[20] = ("eh", words[20][1], words[20][2])
    words.append(("-", 30.0, 30.0))  # a punctuation-only "word" from the recogniser
    r = analyse_pace(fake_transcript(words), pause_spans=(), lang="id", guidelines=guidelines)
    assert r.words_per_minute == pytest.approx(116.0)


def test_no_words_gives_zero_pace_and_no_score(guidelines):
    r = analyse_pace(fake_transcript([], duration_s=10.0), pause_spans=(), lang="id", guidelines=guidelines)
    assert (r.words_per_minute, r.windows, r.score, r.verdict) == (0.0, (), None, "slow")


# ----------------------------------------------------------------------------- recorded Whisper output


def _true_wpm(name: str) -> float:
    """Sidecar word count over the speaking span measured from the signal (first to last sound)."""
    wav, meta = sample(name)
    audio = load_audio(wav)
    _, level_db = frame_levels_db(audio.samples, sr=audio.sr)
    spans = mask_to_spans(activity_mask(level_db), hop_s=0.01)
    return meta["word_count"] / (spans[-1][1] - spans[0][0]) * 60.0


def test_espeak_rates_give_slow_good_fast(recorded_transcript, guidelines):
    """espeak-ng's -s is not wpm (90 -> ~110, 150 -> ~175), so the clips use rates 70/125/250, which land
    below, inside and above the English band (100-165): slow, good, fast."""
    results = {
        name: analyse_pace(recorded_transcript(name), pause_spans=(), lang="en", guidelines=guidelines)
        for name in ("en_rate_080", "en_rate_125", "en_rate_250")
    }
    wpm = [results[n].words_per_minute for n in ("en_rate_080", "en_rate_125", "en_rate_250")]
    assert wpm[0] < wpm[1] < wpm[2]
    assert [results[n].verdict for n in results] == ["slow", "good", "fast"]
    for name, r in results.items():
        true = _true_wpm(name)
        assert abs(r.words_per_minute - true) / true < 0.05, (name, r.words_per_minute, true)


@pytest.mark.parametrize("name", ["en_clean", "id_clean"])
def test_clean_clips_pace_error_is_small(recorded_transcript, guidelines, name):
    _, meta = sample(name)
    pauses = [(p["start"], p["end"]) for p in meta["pauses"]]
    r = analyse_pace(recorded_transcript(name), pause_spans=pauses, lang=meta["language"], guidelines=guidelines)
    true = _true_wpm(name)
    assert abs(r.words_per_minute - true) / true < 0.05, (r.words_per_minute, true)
    assert r.verdict == "good"
    assert r.articulation_rate > r.syllables_per_second  # pauses taken out


@pytest.mark.parametrize("name", ["id_doorstop_buried", "id_doorstop_lead", "id_doorstop_nocomment"])
def test_indonesian_verdict_survives_split_words(recorded_transcript, guidelines, name):
    """Whisper base split and merged Indonesian words in these clips ("di buka", "sampe ikan", "Timkasi
    hatan", "memang tau"), so its word count is off; the verdict's syllable rate stays within 8 % of
    the text's (issue 11: Indonesian pace within 8 % of the true syllable rate), and its wpm is nearer
    the truth than the word count's."""
    from coach.analysis.prosody import pitch_track
    from coach.analysis.syllable_nuclei import find_syllable_nuclei, nuclei_options
    from coach.lang.syllables import count_syllables

    wav, meta = sample(name)
    audio = load_audio(wav)
    pitch = pitch_track(audio.samples, sr=audio.sr, fmin_hz=65.0, fmax_hz=400.0)
    nuclei = find_syllable_nuclei(audio.samples, sr=audio.sr, pitch=pitch, **nuclei_options(guidelines, "id"))
    t = recorded_transcript(name)
    r = analyse_pace(t, pause_spans=[(p["start"], p["end"]) for p in meta["pauses"]], lang="id",
                     guidelines=guidelines, nuclei=nuclei)
    true_sps = sum(count_syllables(w, "id") for w in meta["text"].split()) / nuclei.span_s
    true_wpm = _true_wpm(name)
    assert len(r.windows) == 1 and r.verdict_syllables_per_second > 0
    assert len([w for w in t.words if w.text.strip(".,").lower() == "di"]) > meta["text"].lower().split().count("di")
    assert abs(r.verdict_syllables_per_second - true_sps) / true_sps < 0.08, (r.verdict_syllables_per_second, true_sps)
    assert abs(r.verdict_words_per_minute - true_wpm) < abs(r.words_per_minute - true_wpm)


def test_hesitation_sounds_are_words_but_not_syllables(guidelines):
    # 40 words in 20 s, 4 of them "Ehm," / "Um" / "eee" / "Hmm": 120 wpm as heard, but the syllable
    # rate holds only the 36 real words' 88 syllables (pruned, as the fillers dimension counts them).
    words = _steady(40, start_s=0.0, end_s=20.0)
    for k, sound in zip((5, 15, 25, 35), ("Ehm,", "Um", "eee", "Hmm...")):
        words[k] = (sound, words[k][1], words[k][2])  # odd places: each replaces a 3-syllable "bekerja"
    r = analyse_pace(fake_transcript(words), pause_spans=(), lang="id", guidelines=guidelines)
    assert r.words_per_minute == pytest.approx(120.0)
    assert r.transcript_syllable_count == 20 * 2 + 16 * 3
    assert r.syllables_per_second == pytest.approx(88 / 20)
    assert r.verdict_words_per_minute == pytest.approx(88 / 20 * 60 / 2.5)
