"""Filled pauses found in the signal: the "eee", "emm", "uh", "um" that Whisper leaves out.

Whisper's training transcripts drop filled pauses, so it mostly does not write them, and
it stretches a neighbouring word's timing over the one it drops (DESIGN.md: "the" spanning
3.58–4.44 s across an "um" at 3.64–4.32 s). A filled pause is a voiced sound held with a
nearly flat pitch and a steady spectral envelope (Goto, Itou & Hayamizu 1999). The detector:

1. marks frames that are voiced (:func:`coach.analysis.prosody.pitch_track`) and whose
   spectral envelope barely changes (MFCC change per frame ≤ ``fillers.acoustic_max_spectral_change``);
2. joins such frames into runs lasting ``fillers.acoustic_min_s``–``fillers.acoustic_max_s``
   whose pitch SD is ≤ ``fillers.acoustic_max_pitch_sd_semitones``;
3. keeps a run when it lies in a gap between words, inside a word that is itself a filled-pause
   token (Whisper sometimes writes "Um,"), or inside a word whose span is far longer than its
   syllables need (the stretched neighbour). A real word's long vowel fails that last test,
   because the word's span is then about what its syllables take.

Ordinary speech never holds its spectrum still this long (measured on the sample clips and
on real read speech: the longest steady voiced run was under 0.3 s), which is why the
detector can be strict about steadiness and lenient about where the sound sits.
"""

from __future__ import annotations

import re

import numpy as np

from ..guidelines import Guidelines
from ..lang.syllables import count_syllables
from ..signal import mask_to_spans
from ..types import FillerEvent, Word
from .prosody import pitch_track, semitones

__all__ = ["detect_filled_pauses", "is_filled_pause_token", "spectral_change"]

_HOP_S = 0.01
# MFCCs from mel bands up to 4 kHz: the formants that shape a vowel or nasal lie below it, and
# the bands above are where recording noise makes a steady sound look unsteady.
_MFCC_FMAX_HZ = 4000.0
_N_MELS = 26
_N_MFCC = 13
_MFCC_WINDOW_S = 0.032
# Change is measured across ±2 frames (40 ms) to look past pitch-period ripple.
_CHANGE_SPAN_FRAMES = 2
# Steady stretches split by a blip this short, at the same pitch, are one sound (the
# vowel-to-nasal turn of "um" unsettles the spectrum for ~0.1 s).
_BRIDGE_S = 0.12
# A word whose span overlaps less than this share of a candidate leaves it in a gap (word
# times drift by a few tens of ms around silences).
_GAP_OVERLAP_SHARE = 0.5
# A host word must span its syllables' typical time plus this share of the candidate to count
# as stretched over a dropped filler.
_STRETCH_SHARE = 0.5
# ...and the steady sound inside it must outlast this many of the speaker's syllables: a real
# word's vowel, however drawn out, is shorter than a syllable of running speech plus half.
_INSIDE_MIN_SYLLABLES = 1.5
# Typical time per syllable when the transcript is too short to measure the speaker's own.
_DEFAULT_SYLLABLE_S = 0.25
_MIN_WORDS_FOR_RATE = 5
# Tokens that are filled pauses themselves, in either language (um, uh, eh, eee, emm, hmm, mm, ah, er, erm).
_FILLED_PAUSE_TOKEN = re.compile(r"^(u+h+|u+m+|e+h*|e+m+|h*m+|a+h+|e+r+m*)$")
_LABELS = {"id": "[eh]", "en": "[uh]"}

_MFCC_BLOCK_FRAMES = 3000


def spectral_change(samples: np.ndarray, *, sr: int, hop_s: float = _HOP_S) -> np.ndarray:
    """How fast the spectral envelope moves, per frame.

    Mean absolute change of MFCCs 1–12 (0–4 kHz) per frame, measured across ±2 frames,
    in MFCC units (dB-like). Steady vowels and nasals give ≈0.2–0.6; running speech ≈1–4.

    Returns
    -------
    float array, shape (n_frames,), frame k centred at k · hop_s; +inf at the edges
    """
    import librosa  # heavy import (numba); only analysis paths pay for it

    hop_length = max(1, int(round(hop_s * sr)))
    win_length = int(round(_MFCC_WINDOW_S * sr))
    y = np.asarray(samples, dtype=np.float32)
    if len(y) == 0:
        return np.zeros(0)
    n_fft = int(2 ** np.ceil(np.log2(win_length)))
    # Block by block (as center=True would pad), so a 20-minute recording never holds its whole
    # spectrogram: the frames are the same as one call's.
    padded = np.pad(y, (n_fft // 2, n_fft // 2))
    n_frames = 1 + (len(padded) - n_fft) // hop_length
    blocks = []
    for first in range(0, n_frames, _MFCC_BLOCK_FRAMES):
        count = min(_MFCC_BLOCK_FRAMES, n_frames - first)
        block = padded[first * hop_length : first * hop_length + (count - 1) * hop_length + n_fft]
        blocks.append(librosa.feature.mfcc(
            y=block, sr=sr, n_mfcc=_N_MFCC, n_fft=n_fft, hop_length=hop_length, win_length=win_length,
            n_mels=_N_MELS, fmax=min(_MFCC_FMAX_HZ, sr / 2), center=False,
        )[1:, :count])  # c0 is overall level: a filler may swell or fade without changing its sound
    mfcc = np.concatenate(blocks, axis=1)
    k = _CHANGE_SPAN_FRAMES
    change = np.full(mfcc.shape[1], np.inf)
    if mfcc.shape[1] > 2 * k:
        change[k:-k] = np.mean(np.abs(mfcc[:, 2 * k:] - mfcc[:, : -2 * k]), axis=0) / (2 * k)
    return change


def _syllable_s(words: tuple[Word, ...], *, lang: str) -> float:
    """The speaker's typical time per syllable: median over words of span / syllables, seconds."""
    per = [(w.end - w.start) / n for w in words if (n := count_syllables(w.text, lang)) > 0 and w.end > w.start]
    return float(np.median(per)) if len(per) >= _MIN_WORDS_FOR_RATE else _DEFAULT_SYLLABLE_S


def _steady_runs(steady: np.ndarray, st: np.ndarray, *, max_sd_semitones: float) -> list[tuple[float, float]]:
    """Runs of steady frames as (start_s, end_s); neighbours closer than ``_BRIDGE_S`` are joined
    only when their median pitch agrees within ``max_sd_semitones`` (so a steady vowel of the
    preceding word does not merge into a filler)."""
    runs: list[tuple[float, float, float]] = []
    for start, end in mask_to_spans(steady, hop_s=_HOP_S):
        pitch = float(np.nanmedian(st[int(round(start / _HOP_S)):int(round(end / _HOP_S))]))
        if runs and start - runs[-1][1] < _BRIDGE_S and abs(pitch - runs[-1][2]) <= max_sd_semitones:
            runs[-1] = (runs[-1][0], end, runs[-1][2])
        else:
            runs.append((start, end, pitch))
    return [(s, e) for s, e, _ in runs]


def is_filled_pause_token(text: str) -> bool:
    """Whether a transcript token is itself a filled pause ("Um,", "eh", "Hmm…"), in either language."""
    return bool(_FILLED_PAUSE_TOKEN.match(re.sub(r"[^a-z]", "", text.lower())))


def _in_place(start: float, end: float, words: tuple[Word, ...], *, lang: str, syllable_s: float) -> bool:
    """Whether a steady run at start–end (s) sits where a dropped filler can be, not in a real word."""
    duration = end - start
    overlaps = [(min(end, w.end) - max(start, w.start), w) for w in words]
    overlap, host = max(overlaps, default=(0.0, None), key=lambda ow: ow[0])
    if host is None or overlap < _GAP_OVERLAP_SHARE * duration:
        return True  # between words
    if is_filled_pause_token(host.text):
        return True  # Whisper wrote it; the caller de-duplicates against transcript fillers
    if duration < _INSIDE_MIN_SYLLABLES * syllable_s:
        return False
    needed_s = count_syllables(host.text, lang) * syllable_s
    return (host.end - host.start) >= needed_s + _STRETCH_SHARE * duration


def detect_filled_pauses(
    samples: np.ndarray, *, sr: int, words: tuple[Word, ...], lang: str, guidelines: Guidelines,
    pitch: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[FillerEvent, ...]:
    """Filled pauses (drawn-out "eee", "emm", "uh", "um") heard in the signal.

    Parameters
    ----------
    samples : float array, shape (n,), mono
    sr : sample rate, Hz
    words : the transcript's words (seconds), used to tell a dropped filler from a long vowel
    lang : "id" or "en" (labels and syllable counts)
    guidelines : thresholds under ``fillers.acoustic_*`` and F0 range under ``prosody.f*_hz``
    pitch : (times_s, f0_hz) from :func:`~coach.analysis.prosody.pitch_track` at a 0.01 s hop, if
        already computed (the report shares one track between prosody and fillers)

    Returns
    -------
    tuple of FillerEvent(text="[eh]" (id) or "[uh]" (en), start, end, source="acoustic",
    weight=1.0), in time order. Events may coincide with filler words Whisper did write
    ("Um,"): merge with the transcript's fillers by overlap.
    """
    min_s = float(guidelines.value("fillers.acoustic_min_s"))
    max_s = float(guidelines.value("fillers.acoustic_max_s"))
    max_sd = float(guidelines.value("fillers.acoustic_max_pitch_sd_semitones"))
    max_change = float(guidelines.value("fillers.acoustic_max_spectral_change"))

    _, f0 = pitch if pitch is not None else pitch_track(
        samples, sr=sr, fmin_hz=float(guidelines.value("prosody.fmin_hz")),
        fmax_hz=float(guidelines.value("prosody.fmax_hz")), hop_s=_HOP_S,
    )
    change = spectral_change(samples, sr=sr, hop_s=_HOP_S)
    n = min(len(f0), len(change))
    f0, change = f0[:n], change[:n]
    voiced = np.isfinite(f0)
    if not voiced.any():
        return ()
    steady = voiced & (change <= max_change)
    st = semitones(f0, reference_hz=float(np.nanmedian(f0)))

    words = tuple(sorted(words, key=lambda w: w.start))
    syllable_s = _syllable_s(words, lang=lang)
    label = _LABELS.get(lang, "[uh]")
    events = []
    for start, end in _steady_runs(steady, st, max_sd_semitones=max_sd):
        if not (min_s <= end - start <= max_s):
            continue
        run = st[int(round(start / _HOP_S)):int(round(end / _HOP_S))]
        run = run[np.isfinite(run)]
        if run.size == 0 or float(np.std(run)) > max_sd:
            continue
        if _in_place(start, end, words, lang=lang, syllable_s=syllable_s):
            events.append(
                FillerEvent(text=label, start=round(float(start), 3), end=round(float(end), 3), source="acoustic")
            )
    return tuple(events)
