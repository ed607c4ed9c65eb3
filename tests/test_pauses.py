"""Known answers for pauses: synthetic bursts with inserted silences, then the sample clips."""

from __future__ import annotations

import numpy as np
import pytest

from coach.analysis.pauses import analyse_pauses, find_silences
from coach.audio import load_audio
from coach.lang.syllables import is_filled_pause
from coach.types import Word

from conftest import sample

SR = 16_000
# Layout of the synthetic talk: (burst seconds, silence after it, the silence's kind).
# 0.15 s is a gap between words, not a pause; the rest are pauses.
LAYOUT = [(2.0, 0.15, None), (2.0, 0.5, "sentence"), (2.0, 1.5, "clause"), (2.0, 3.5, "sentence"), (2.0, 0.0, None)]
LEAD_S, TAIL_S = 0.4, 0.6


def burst(duration_s: float, *, seed: int) -> np.ndarray:
    """Speech-like sound: a buzz with moving pitch and a 4 Hz syllable rhythm that never falls silent."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(SR * duration_s)) / SR
    f0 = 140.0 * 2 ** (rng.uniform(1.0, 3.0) * np.sin(2 * np.pi * 0.7 * t) / 12)
    phase = 2 * np.pi * np.cumsum(f0) / SR
    envelope = 0.6 - 0.4 * np.cos(2 * np.pi * 4.0 * t)
    return 0.25 * envelope * sum(np.sin(k * phase) / k for k in range(1, 10))


def synthetic_talk(*, noise_dbfs: float | None = None) -> tuple[np.ndarray, tuple[Word, ...], list]:
    """Samples, fake words (4 two-syllable words per burst, '.' ending a sentence) and true pauses."""
    parts, words, truth, t = [np.zeros(int(LEAD_S * SR))], [], [], LEAD_S
    for i, (dur, gap, kind) in enumerate(LAYOUT):
        parts.append(burst(dur, seed=i))
        for j in range(4):
            text = "kata." if j == 3 and kind == "sentence" else "kata"
            words.append(Word(text, round(t + j * dur / 4, 3), round(t + (j + 1) * dur / 4, 3), 0.9))
        t += dur
        parts.append(np.zeros(int(round(gap * SR))))
        if kind:
            truth.append((round(t, 3), round(t + gap, 3), kind))
        t += gap
    parts.append(np.zeros(int(TAIL_S * SR)))
    y = np.concatenate(parts)
    if noise_dbfs is not None:
        y = y + 10 ** (noise_dbfs / 20) * np.random.default_rng(9).standard_normal(len(y))
    return y.astype(np.float32), tuple(words), truth


@pytest.mark.parametrize("noise_dbfs", [None, -60.0])
def test_inserted_silences_are_found_exactly(noise_dbfs):
    y, _, truth = synthetic_talk(noise_dbfs=noise_dbfs)
    found = find_silences(y, sr=SR, min_pause_s=0.3, below_peak_db=25.0)
    # Leading/trailing silence and the 0.15 s gap are not pauses.
    assert len(found) == len(truth) == 3
    for (start, end), (t_start, t_end, _) in zip(found, truth):
        assert end - start == pytest.approx(t_end - t_start, abs=0.05)
        assert start == pytest.approx(t_start, abs=0.05) and end == pytest.approx(t_end, abs=0.05)


def _pink(n: int, rng: np.random.Generator) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n))
    spec[1:] /= np.sqrt(np.arange(1, len(spec)))
    y = np.fft.irfft(spec, n)
    return y / np.std(y)


@pytest.mark.parametrize("snr_db", [15.0, 20.0])
def test_pauses_are_found_in_a_noisy_room(guidelines, snr_db):
    """Pink noise 15–20 dB under the speech lies above the −25 dB line, where no silence was ever found; the
    noise floor then sets the line (pauses.noise_floor_percentile, pauses.above_noise_floor_db)."""
    y, words, truth = synthetic_talk()
    speech_rms = float(np.sqrt(np.mean(np.concatenate([burst(d, seed=i) for i, (d, _, _) in enumerate(LAYOUT)]) ** 2)))
    noisy = (y + _pink(len(y), np.random.default_rng(3)) * speech_rms * 10 ** (-snr_db / 20)).astype(np.float32)
    fixed = find_silences(noisy, sr=SR, min_pause_s=0.3, below_peak_db=25.0)  # the −25 dB line alone
    assert sum(any(abs(a - s) < 0.1 and abs(b - e) < 0.1 for a, b in fixed) for s, e, _ in truth) < len(truth)
    result = analyse_pauses(noisy, sr=SR, words=words, lang="id", guidelines=guidelines)
    assert [p.kind for p in result.events] == [kind for _, _, kind in truth]
    for p, (t_start, t_end, _) in zip(result.events, truth):
        assert p.start == pytest.approx(t_start, abs=0.1) and p.end == pytest.approx(t_end, abs=0.1)


def test_sharp_edges_give_exact_times():
    t = np.arange(SR) / SR
    tone = 0.3 * np.sin(2 * np.pi * 150.0 * t)
    y = np.concatenate([np.zeros(int(0.3 * SR)), tone, np.zeros(int(0.5 * SR)), tone, np.zeros(int(0.3 * SR))])
    assert find_silences(y.astype(np.float32), sr=SR, min_pause_s=0.3, below_peak_db=25.0) == [(1.3, 1.8)]


def test_no_pause_in_silence_or_in_a_steady_sound():
    assert find_silences(np.zeros(SR, dtype=np.float32), sr=SR, min_pause_s=0.3, below_peak_db=25.0) == []
    assert find_silences(burst(3.0, seed=0).astype(np.float32), sr=SR, min_pause_s=0.3, below_peak_db=25.0) == []


def test_pauses_are_placed_and_judged(guidelines):
    y, words, truth = synthetic_talk()
    r = analyse_pauses(y, sr=SR, words=words, lang="id", guidelines=guidelines)
    assert [(p.kind, p.long) for p in r.events] == [("sentence", False), ("clause", True), ("sentence", True)]
    assert [p.duration_s for p in r.events] == pytest.approx([0.5, 1.5, 3.5], abs=0.05)
    assert r.count == 3
    assert r.total_pause_s == pytest.approx(5.5, abs=0.1)
    assert r.sentence_pause_count == 2
    assert r.sentence_pauses_in_range_share == 0.5  # 0.5 s is in 0.4–1.2 s, 3.5 s is not
    assert r.long_clause_count == 1 and r.very_long_count == 1
    # Runs between pauses > 0.25 s: bursts 1+2 (16 syllables), then 8, 8, 8.
    assert r.mean_length_of_run_syllables == pytest.approx(10.0)
    # 100 − 10 (one long clause pause) − 15 (one very long pause) − 30 × (1 − 0.5)
    assert r.score == pytest.approx(60.0)


def test_word_times_that_drift_into_the_silence_still_place_the_pause(guidelines):
    y, words, _ = synthetic_talk()
    drifted, shift = [], {}
    for i, w in enumerate(words):
        # Whisper slides the sentence-final word 0.25 s into the silence and the next word's
        # start 0.2 s back into it; an "um," it wrote sits between them.
        if w.text == "kata." and i == 7:
            drifted.append(Word(w.text, w.start, w.end + 0.25, w.probability))
            drifted.append(Word("um,", w.end + 0.25, w.end + 0.3, 0.5))
            shift[i + 1] = -0.2
        else:
            drifted.append(Word(w.text, w.start + shift.get(i, 0.0), w.end, w.probability))
    r = analyse_pauses(y, sr=SR, words=tuple(drifted), lang="id", guidelines=guidelines)
    assert [p.kind for p in r.events] == ["sentence", "clause", "sentence"]


def test_without_words_every_pause_is_a_clause_pause(guidelines):
    y, _, _ = synthetic_talk()
    r = analyse_pauses(y, sr=SR, words=(), lang="en", guidelines=guidelines)
    assert [p.kind for p in r.events] == ["clause", "clause", "clause"]
    assert r.mean_length_of_run_syllables is None and r.sentence_pauses_in_range_share is None
    assert r.long_clause_count == 2 and r.very_long_count == 1
    assert r.score == pytest.approx(100 - 10 - 15)


@pytest.mark.parametrize("name", ["en_clean", "id_clean", "en_fillers"])
def test_inserted_pauses_in_sample_clips(name, recorded_transcript, guidelines):
    wav, meta = sample(name)
    audio = load_audio(wav)
    words = recorded_transcript(name).words
    r = analyse_pauses(audio.samples, sr=audio.sr, words=words, lang=meta["language"], guidelines=guidelines)
    mismatched = []
    for p in meta["pauses"]:
        found = [e for e in r.events if abs(e.start - p["start"]) <= 0.15 and abs(e.end - p["end"]) <= 0.15]
        assert len(found) == 1, f"{name}: pause {p} not found in {r.events}"
        if found[0].kind != p["kind"]:
            mismatched.append((p, found[0]))
    # Sentence pauses are always recognised. espeak-ng says each piece as a whole utterance,
    # so Whisper base may end a sentence at an inserted mid-sentence pause ("afternoon. And");
    # then, and only then, the pause reads as a sentence pause. (How often it does so depends on
    # the CPU Whisper ran on, so the count is not asserted, only the reason.)
    for p, event in mismatched:
        assert p["kind"] == "clause" and event.kind == "sentence"
        # A written filler ("wheel. Uh, <pause> start") does not end or open a sentence: skip it.
        before = [w for w in words if (w.start + w.end) / 2 < (event.start + event.end) / 2
                  and not is_filled_pause(w.text)]
        assert before[-1].text.rstrip().endswith(".")


def test_long_pauses_cost_per_minute_not_per_event(guidelines):
    """The same rate of very long pauses costs the same in a 1- and a 10-minute recording."""
    from coach.analysis.pauses import analyse_pauses

    def with_pauses(n_minutes: int) -> float:
        rng = np.random.default_rng(0)
        pieces, words, t = [], [], 0.0
        for _ in range(n_minutes):  # 28 s of "speech" noise, a 4 s silence, 28 s more
            speech = [0.3 * rng.standard_normal(28 * SR).astype(np.float32) for _ in range(2)]
            pieces += [speech[0], np.zeros(4 * SR, dtype=np.float32), speech[1]]
            words += [Word("kata.", t + k * 0.5, t + k * 0.5 + 0.4, 0.9) for k in range(56)]
            words += [Word("kata.", t + 32 + k * 0.5, t + 32 + k * 0.5 + 0.4, 0.9) for k in range(56)]
            t += 60.0
        samples = np.concatenate(pieces)
        return analyse_pauses(samples, sr=SR, words=tuple(words), lang="id", guidelines=guidelines)

    one, ten = with_pauses(1), with_pauses(10)
    assert (one.very_long_count, ten.very_long_count) == (1, 10)
    assert one.score == pytest.approx(ten.score, abs=2.0)
