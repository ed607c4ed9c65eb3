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
    assert choose_rate_basis(transcript_syllables=130, mean_word_probability=0.9, nuclei=n, **common)[:2] == (
        "signal", "disagreement")
    assert choose_rate_basis(transcript_syllables=100, mean_word_probability=0.5, nuclei=n, **common)[:2] == (
        "signal", "low_word_probability")
    assert choose_rate_basis(transcript_syllables=100, mean_word_probability=0.9, nuclei=None, **common)[:2] == (
        "transcript", "")


def test_pace_verdict_rests_on_the_signal_when_words_are_split(guidelines):
    # Whisper split 20 three-syllable words into 40 fragments over 10 s: 240 "wpm", but the signal
    # counts 60 syllables = 6 /s → 6 × 60 / 2.5 = 144 wpm-equivalent.
    words = [(w, s, e) for w, s, e in words_from_text(" ".join(["ko minfo"] * 20), word_s=0.2, gap_s=0.05)]
    t = fake_transcript(words)
    end_s = words[-1][2]
    low_p = t.__class__(t.language, t.duration_s, tuple(
        s.__class__(s.text, s.start, s.end, tuple(w.__class__(w.text, w.start, w.end, 0.4) for w in s.words))
        for s in t.segments))
    n = _fake_nuclei(60, 0.0, end_s)
    r = analyse_pace(low_p, pause_spans=[], lang="id", guidelines=guidelines, nuclei=n)
    assert (r.rate_basis, r.rate_basis_reason) == ("signal", "low_word_probability")
    assert r.words_per_minute == pytest.approx(40 / end_s * 60)
    assert r.signal_syllables_per_second == pytest.approx(60 / end_s)
    assert r.verdict_words_per_minute == pytest.approx(60 / end_s * 60 / 2.5)
    assert r.verdict == "fast" and r.windows[0].verdict_words_per_minute == pytest.approx(r.verdict_words_per_minute)


def test_pace_without_words_comes_from_the_signal(guidelines):
    t = fake_transcript([])
    r = analyse_pace(t, pause_spans=[], lang="id", guidelines=guidelines, nuclei=_fake_nuclei(90, 1.0, 21.0))
    assert (r.rate_basis, r.rate_basis_reason, r.rate_disagreement) == ("signal", "no_words", None)
    assert r.signal_syllables_per_second == pytest.approx(4.5)
    assert r.verdict_words_per_minute == pytest.approx(4.5 * 60 / 2.5)
    assert r.verdict == "good" and r.score == 100.0 and r.windows
