"""Syllable nuclei in the signal (de Jong & Wempe 2009) and the pace that rests on them."""

from __future__ import annotations

import numpy as np
import pytest

from coach.analysis.pace import analyse_pace, choose_rate_basis
from coach.analysis.prosody import pitch_track
from coach.analysis.syllable_nuclei import SyllableNuclei, find_syllable_nuclei
from conftest import fake_transcript, words_from_text

SR = 16_000


def _syllables(n: int, *, voiced: bool = True, syllable_s: float = 0.16, dip_s: float = 0.06,
               pause_every: int = 0, pause_s: float = 0.5, seed: int = 0) -> np.ndarray:
    """``n`` syllable-like bursts: a 130 Hz harmonic vowel (or noise) under a raised-cosine envelope,
    separated by short quiet dips (consonants) and, every ``pause_every`` syllables, a pause."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(syllable_s * SR)) / SR
    env = 0.5 - 0.5 * np.cos(2 * np.pi * t / syllable_s)
    pieces = [np.zeros(int(0.3 * SR))]
    for k in range(n):
        f0 = 130.0 * (1 + 0.05 * np.sin(k))  # intonation moves a little from syllable to syllable
        src = sum(np.sin(2 * np.pi * f0 * h * t) / h for h in range(1, 8)) if voiced else rng.normal(size=t.size)
        pieces.append(0.3 * env * src)
        gap = pause_s if pause_every and (k + 1) % pause_every == 0 else dip_s
        pieces.append(0.003 * rng.normal(size=int(gap * SR)))
    pieces.append(np.zeros(int(0.3 * SR)))
    x = np.concatenate(pieces)
    return (x + 1e-3 * rng.normal(size=x.size)).astype(np.float32)


def _nuclei(x: np.ndarray) -> SyllableNuclei:
    return find_syllable_nuclei(x, sr=SR, pitch=pitch_track(x, sr=SR, fmin_hz=60.0, fmax_hz=400.0))


def test_counts_each_voiced_syllable_once():
    x = _syllables(24, pause_every=6)
    n = _nuclei(x)
    assert n.count == 24
    # 24 syllables of 0.16 s, 20 dips of 0.06 s and 3 pauses of 0.5 s: 24·0.16 + 20·0.06 + 3·0.5 + 0.5 = 7.04 s
    # (the last gap is a pause too); the speech span runs from the first burst's rise to the last one's fall.
    assert n.span_s == pytest.approx(24 * 0.16 + 20 * 0.06 + 3 * 0.5, abs=0.15)
    assert n.rate_per_s() == pytest.approx(24 / n.span_s)
    assert n.phonation_s < n.span_s - 1.2  # the three 0.5 s pauses are taken out


def _syllables_with_releases(n: int, *, seed: int) -> np.ndarray:
    """``n`` voiced syllables (0.10-0.18 s), each opened by a consonant release: a 20 ms noise burst
    -3 to +3 dB against the vowel, 15-30 ms before it, after a 40-80 ms closure (as in "ka", "pa", "ta")."""
    rng = np.random.default_rng(seed)
    pieces = [np.zeros(int(0.3 * SR))]
    for k in range(n):
        vowel_s = rng.uniform(0.10, 0.18)
        t = np.arange(int(vowel_s * SR)) / SR
        f0 = 130.0 * (1 + 0.05 * np.sin(k))
        vowel = 0.3 * (0.5 - 0.5 * np.cos(2 * np.pi * t / vowel_s)) * sum(
            np.sin(2 * np.pi * f0 * h * t) / h for h in range(1, 8))
        burst = rng.normal(size=int(0.02 * SR)) * np.hanning(int(0.02 * SR)) * 0.3 * 10 ** (rng.uniform(-3, 3) / 20)
        closure = 0.003 * rng.normal(size=int(rng.uniform(0.04, 0.08) * SR))
        release = 0.003 * rng.normal(size=int(rng.uniform(0.015, 0.03) * SR))
        pieces += [closure, burst, release, vowel]
    pieces.append(np.zeros(int(0.3 * SR)))
    x = np.concatenate(pieces)
    return (x + 1e-3 * rng.normal(size=x.size)).astype(np.float32)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_consonant_releases_are_not_extra_syllables(seed):
    x = _syllables_with_releases(30, seed=seed)
    pitch = pitch_track(x, sr=SR, fmin_hz=60.0, fmax_hz=400.0)
    assert abs(find_syllable_nuclei(x, sr=SR, pitch=pitch).count - 30) <= 1
    # The rules of the original script alone (30 ms voicing reach, 1.5 dB dip, no spacing, no floor)
    # count most releases as nuclei too: this is what the spacing and voicing rules fix.
    original = find_syllable_nuclei(x, sr=SR, pitch=pitch, min_dip_db=1.5, voicing_reach_s=0.03,
                                    above_floor_db=0.0, min_spacing_s=0.0)
    assert original.count >= 45


def test_fast_speech_keeps_its_syllables():
    # 11 syllables/s (0.06 s vowels, 0.03 s dips: 90 ms apart) keeps every syllable because the
    # least spacing shrinks from 0.1 s to half the median spacing (45 ms).
    x = _syllables(28, syllable_s=0.06, dip_s=0.03)
    assert _nuclei(x).count == 28


def test_unvoiced_bursts_are_not_syllables():
    assert _nuclei(_syllables(12, voiced=False)).count == 0


def test_silence_has_no_nuclei():
    n = _nuclei(np.zeros(SR, dtype=np.float32))
    assert (n.count, n.span_s) == (0, 0.0)


def _fake_nuclei(count: int, start_s: float, end_s: float) -> SyllableNuclei:
    return SyllableNuclei(tuple(np.linspace(start_s, end_s, count)), start_s, end_s, end_s - start_s)


def test_rate_basis_follows_the_documented_margin_and_probability(guidelines):
    common = dict(n_words=10, lang="id", guidelines=guidelines)
    n = _fake_nuclei(100, 0.0, 20.0)
    assert choose_rate_basis(transcript_syllables=110, mean_word_probability=0.9, nuclei=n, **common)[:2] == (
        "transcript", "")
    assert choose_rate_basis(transcript_syllables=70, mean_word_probability=0.9, nuclei=n, **common)[:2] == (
        "signal", "disagreement")
    # More syllables in the transcript than in the signal: the signal missed them (real speech).
    assert choose_rate_basis(transcript_syllables=160, mean_word_probability=0.9, nuclei=n, **common)[:2] == (
        "transcript", "")
    # Whisper base on espeak Indonesian: mean probability 0.46-0.65 with good syllable counts (dev clips).
    assert choose_rate_basis(transcript_syllables=100, mean_word_probability=0.5, nuclei=n, **common)[:2] == (
        "transcript", "")
    assert choose_rate_basis(transcript_syllables=100, mean_word_probability=0.3, nuclei=n, **common)[:2] == (
        "signal", "low_word_probability")
    assert choose_rate_basis(transcript_syllables=100, mean_word_probability=0.9, nuclei=None, **common)[:2] == (
        "transcript", "")


def _with_probability(t, p: float):
    return t.__class__(t.language, t.duration_s, tuple(
        s.__class__(s.text, s.start, s.end, tuple(w.__class__(w.text, w.start, w.end, p) for w in s.words))
        for s in t.segments))


def test_split_words_keep_their_syllables_in_the_indonesian_verdict(guidelines):
    # Whisper split 20 three-syllable words into 40 fragments over 10 s: 240 "wpm", but the fragments
    # still hold 60 syllables, as the signal finds: 6 /s → 6 × 60 / 2.5 = 144 wpm-equivalent.
    words = [(w, s, e) for w, s, e in words_from_text(" ".join(["ko minfo"] * 20), word_s=0.2, gap_s=0.05)]
    t = _with_probability(fake_transcript(words), 0.55)
    end_s = words[-1][2]
    n = _fake_nuclei(60, 0.0, end_s)
    r = analyse_pace(t, pause_spans=[], lang="id", guidelines=guidelines, nuclei=n)
    assert (r.rate_basis, r.rate_basis_reason, r.verdict_from_syllables) == ("transcript", "", True)
    assert r.words_per_minute == pytest.approx(40 / end_s * 60)
    assert r.verdict_syllables_per_second == pytest.approx(60 / end_s)
    assert r.verdict_words_per_minute == pytest.approx(60 / end_s * 60 / 2.5)
    assert r.verdict == "fast" and r.windows[0].verdict_words_per_minute == pytest.approx(r.verdict_words_per_minute)
    # English words are recognised whole: the verdict counts them.
    r_en = analyse_pace(t, pause_spans=[], lang="en", guidelines=guidelines, nuclei=n)
    assert not r_en.verdict_from_syllables and r_en.verdict_words_per_minute == pytest.approx(r_en.words_per_minute)


def test_pace_verdict_rests_on_the_signal_when_words_are_lost(guidelines):
    # The recogniser kept 10 of the 30 words (30 of 90 syllables): the signal's 90 nuclei carry the verdict.
    words = [(w, s, e) for w, s, e in words_from_text(" ".join(["kominfo"] * 10), word_s=0.5, gap_s=1.5)]
    t = _with_probability(fake_transcript(words), 0.9)
    end_s = words[-1][2]
    n = _fake_nuclei(90, 0.0, end_s)
    r = analyse_pace(t, pause_spans=[], lang="id", guidelines=guidelines, nuclei=n)
    assert (r.rate_basis, r.rate_basis_reason) == ("signal", "disagreement")
    assert r.rate_disagreement == pytest.approx((30 - 90) / 90)
    assert r.verdict_syllables_per_second == pytest.approx(r.signal_syllables_per_second)
    assert r.verdict_words_per_minute == pytest.approx(90 / end_s * 60 / 2.5)


def test_pace_without_words_comes_from_the_signal(guidelines):
    t = fake_transcript([])
    r = analyse_pace(t, pause_spans=[], lang="id", guidelines=guidelines, nuclei=_fake_nuclei(90, 1.0, 21.0))
    assert (r.rate_basis, r.rate_basis_reason, r.rate_disagreement) == ("signal", "no_words", None)
    assert r.signal_syllables_per_second == pytest.approx(4.5)
    assert r.verdict_words_per_minute == pytest.approx(4.5 * 60 / 2.5)
    assert r.verdict == "good" and r.score == 100.0 and r.windows
